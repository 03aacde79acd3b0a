from boernesag.cli import main

raise SystemExit(main())
