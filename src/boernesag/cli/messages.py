"""Every word the command line writes itself, in Danish and English: help, errors, summaries.

One catalogue, :data:`MESSAGES`, keyed: ``key -> (Danish, English)``. A template is filled
by :func:`boernesag.text.fill`, so a count agrees with its noun in both languages
(``"{n} {n:sag|sager}"``, ``"{n} {n:case|cases}"``). The reports' own words live with their
renderers (:mod:`boernesag.text`, :mod:`boernesag.audit.render`, ...), also in both languages.

The language of a run is chosen before the parser is built, because the help is built with
it: ``--lang en`` anywhere on the command line (:func:`lang_from_argv`), else the
environment variable :data:`LANG_ENV` (``BOERNESAG_LANG=en``), else Danish. It is the
default of every subcommand's ``--lang``. :func:`msg` reads it from :func:`current_lang`,
which :func:`boernesag.cli.main` sets for the run (:func:`use_lang`) (a context variable, so a thread or a
caller's own context keeps its own).

Why not gettext: the catalogue stays typed Python beside the code, with no ``.po``/``.mo``
build step, and a test checks that every key has both languages. argparse's own words
("usage:", "options", "error:", "invalid choice") come from gettext's process-wide domain,
which a library must not change for its host program; :class:`CatalogueParser` writes them
from this catalogue instead (:data:`ARGPARSE_ERRORS`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, NoReturn

from boernesag.messages import MESSAGES
from boernesag.text import LANGS, fill

__all__ = [
    "ARGPARSE_ERRORS",
    "LANG_ENV",
    "MESSAGES",
    "CatalogueParser",
    "current_lang",
    "lang_from_argv",
    "msg",
    "use_lang",
]

#: The environment variable that chooses the language when ``--lang`` is not given.
LANG_ENV = "BOERNESAG_LANG"

_LANG: ContextVar[str] = ContextVar("boernesag_cli_lang", default="da")


def current_lang() -> str:
    """The language of this run: ``"da"`` or ``"en"``."""
    return _LANG.get()


@contextlib.contextmanager
def use_lang(lang: str) -> Iterator[None]:
    """The language of the run inside the ``with`` block (``"da"`` or ``"en"``; anything
    else is Danish); the one before it afterwards."""
    token = _LANG.set("en" if lang == "en" else "da")
    try:
        yield
    finally:
        _LANG.reset(token)


def lang_from_argv(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language asked for: the last ``--lang X`` / ``--lang=X`` in ``argv`` (before a
    ``--``), else :data:`LANG_ENV`, else ``"da"``. An unsupported value is left to argparse
    to refuse (``--lang``) or ignored (the environment variable)."""
    found: str | None = None
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    if found is None:
        env = os.environ if environ is None else environ
        found = env.get(LANG_ENV, "").strip().lower()
    return found if found in LANGS else "da"


def msg(key: str, /, **kwargs: object) -> str:
    """Message ``key`` in the run's language, filled with ``kwargs`` (counts agree with
    their nouns: :func:`boernesag.text.fill`)."""
    da, en = MESSAGES[key]
    template = en if current_lang() == "en" else da
    return fill(template, **kwargs) if kwargs else template


#: argparse's own error messages (English, from gettext's process-wide domain) as Danish:
#: ``(pattern, replacement)``, tried in order on the message of :meth:`CatalogueParser.error`.
ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"invalid choice: (.*) \(choose from (.*)\)", r"ugyldigt valg: \1 (vælg mellem \2)"),
        (r"invalid (\w+) value: (.*)", r"ugyldig \1-værdi: \2"),
        (r"^expected one argument$", "forventer én værdi"),
        (r"^expected at least one argument$", "forventer mindst én værdi"),
        (r"^expected (\d+) arguments?$", r"forventer \1 værdier"),
        (r"not allowed with argument (.*)", r"kan ikke bruges sammen med \1"),
        (r"^the following arguments are required: (.*)$", r"disse argumenter mangler: \1"),
        (r"^unrecognized arguments: (.*)$", r"ukendte argumenter: \1"),
        (r"^ambiguous option: (.*) could match (.*)$", r"flertydigt tilvalg: \1 kan være \2"),
        (r"ignored explicit argument (.*)", r"ignorerede argumentet \1"),
    )
)


def _danish_error(message: str) -> str:
    for pattern, replacement in ARGPARSE_ERRORS:
        message = pattern.sub(replacement, message)
    return message


class CatalogueHelpFormatter(argparse.HelpFormatter):
    """argparse's help with the catalogue's ``usage:`` prefix."""

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        super().add_usage(
            usage, actions, groups, msg("argparse.usage") if prefix is None else prefix
        )


class CatalogueParser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` that writes argparse's own words from the
    catalogue in the run's language: ``usage:``, the section titles, ``-h``'s help and
    ``error:`` with its message. Subcommand parsers are of the same class (argparse makes
    them with ``type(parent)``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", CatalogueHelpFormatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # -h with the catalogue's help text, below
        super().__init__(*args, **kwargs)
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=msg("argparse.help")
            )

    def format_help(self) -> str:
        titles = {
            "positional arguments:": msg("argparse.positionals") + ":",
            "options:": msg("argparse.options") + ":",
        }
        return "".join(
            titles.get(line.rstrip("\n"), line.rstrip("\n")) + ("\n" if line.endswith("\n") else "")
            for line in super().format_help().splitlines(keepends=True)
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = _danish_error(message) if current_lang() == "da" else message
        self.exit(2, msg("argparse.error", prog=self.prog, message=text) + "\n")
