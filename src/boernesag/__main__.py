"""``python -m boernesag``: the same command line as ``boernesag``."""

from boernesag.cli import main

raise SystemExit(main())
