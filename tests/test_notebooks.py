"""The notebooks in docs/notebooks run from top to bottom, so they never rot.

Each notebook is executed with nbclient in a fresh kernel of this interpreter (a kernel spec
written for the test, so a user's own "python3" kernel elsewhere cannot be picked up), in
its own folder. Notebooks are committed without outputs; that is checked too.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")
pytest.importorskip("matplotlib")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "docs" / "notebooks"
NAMES = ["tour", "ledelsestilsyn", "fylder-18"]
KERNEL = "boernesag-test"


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A kernel spec that starts this very interpreter, first on the Jupyter path."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"}),
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(root))
        mp.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        yield KERNEL


def _run(name: str, kernel: str) -> Any:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name=kernel, resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    return nb


def _text(nb: Any) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.append(out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert nb.cells[0].cell_type == "markdown"


def test_every_notebook_is_tested() -> None:
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)


@pytest.mark.slow
def test_tour_runs_and_draws(kernel: str) -> None:
    nb = _run("tour", kernel)
    images = [
        out for c in nb.cells for out in c.get("outputs", []) if "image/png" in out.get("data", {})
    ]
    assert len(images) == 3  # timeline, upcoming deadlines, audit table
    text = _text(nb)
    assert "underretning-vurdering" in text
    assert "Børnefaglig undersøgelse" in text  # the audit table's first theme


@pytest.mark.slow
def test_ledelsestilsyn_runs(kernel: str) -> None:
    text = _text(_run("ledelsestilsyn", kernel))
    assert "overskredet" in text
    assert "inden_14_dage" in text
    assert "T-handicap" in text


@pytest.mark.slow
def test_fylder_18_runs(kernel: str) -> None:
    text = _text(_run("fylder-18", kernel))
    assert "fylder_18" in text
    assert "ungestøtte_afgørelse" in text
