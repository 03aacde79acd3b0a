"""How the columnar tables code an event: type codes, coded fields, the naive-time marker.

The codes are shared by the table (:mod:`boernesag.columnar.table`), the frame reader
(:mod:`boernesag.columnar.fromframe`) and the engines, so they sit below all of them: the
frame reader codes a frame's columns without importing the table it fills.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import numpy as np

from boernesag.model import Event, EventType

__all__ = ["CODED_FIELDS", "EVENT_TYPES", "NAIVE", "SPECIAL_FIELDS", "TYPE_CODE"]

#: Event types in code order (the ``type`` column holds the index).
EVENT_TYPES: tuple[EventType, ...] = tuple(EventType)
#: Event type value -> its code in the ``type`` column.
TYPE_CODE: Mapping[str, int] = {t.value: i for i, t in enumerate(EVENT_TYPES)}

#: Event fields with columns of their own (the rest are coded, see :data:`CODED_FIELDS`).
SPECIAL_FIELDS = frozenset({"id", "type", "date", "at", "ref", "measure", "meddelt", "extra"})

#: Event fields kept as codes into a vocabulary (code -1 = ``None``): every other init field
#: of :class:`~boernesag.model.Event` (paragraph, caseworker, team, outcome, the FVL flags,
#: interval_months, boernesamtale_undtagelse, reason, note, and any field added later).
CODED_FIELDS: tuple[str, ...] = tuple(
    f.name for f in attrs.fields(Event) if f.init and f.name not in SPECIAL_FIELDS
)

#: ``at_offset`` of a time written without a UTC offset (Copenhagen wall time).
NAIVE = int(np.iinfo(np.int32).min)
