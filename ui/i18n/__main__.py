"""``python -m ui.i18n``: compile the translation sources to .qm (scripts/setup runs it)."""

import logging

from ui.i18n import ensure_compiled

logging.basicConfig(level=logging.INFO, format="%(message)s")
ensure_compiled()
