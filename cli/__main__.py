"""``python -m cli``: the ``kiosk`` command without its installed script."""

import sys

from cli import main

sys.exit(main())
