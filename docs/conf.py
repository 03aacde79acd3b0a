"""Sphinx configuration for boernesag."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

project = "boernesag"
author = "boernesag developers"
copyright = "2026, boernesag developers (MPL-2.0)"
release = "0.1.0"
language = "en"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "myst_nb",
]
# The notebooks in docs/notebooks are executed by the docs build (and by the tests), so the
# pages show today's output and a broken notebook fails CI.
nb_execution_mode = "force"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
source_suffix = {".rst": "restructuredtext", ".ipynb": "myst-nb"}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
nitpicky = False
intersphinx_mapping: dict[str, tuple[str, None]] = {}
exclude_patterns = ["_build", "notebooks/.ipynb_checkpoints", "research", "**/*.md"]
suppress_warnings = ["autodoc.import_object"]
html_theme = "furo"
html_title = "boernesag"
html_static_path: list[str] = []


def setup(app: object) -> None:
    """Generate the rule catalogue and the CLI reference from the code before the build."""
    import _generate

    _generate.main(Path(__file__).resolve().parent / "_generated")
