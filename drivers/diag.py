"""Shared plumbing for the ``kiosk diag ...`` service commands.

Every diag command prints JSON lines on stdout and exits 0 on success; on failure it
prints one line on stderr and exits non-zero. A device that does not answer must fail
within :data:`DIAG_DEADLINE_S`, whatever the driver's own retries would do, so a
maintenance technician at a silent machine is never left waiting.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable, Mapping

from kiosk.devices import DeviceError

DIAG_DEADLINE_S = 5.0

EXIT_OK = 0
EXIT_DEVICE_ERROR = 1
EXIT_USAGE = 2
EXIT_TIMEOUT = 3


def emit(obj: Mapping[str, object]) -> None:
    """Print one JSON line and flush, so a pipe sees each result as it comes."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def run_with_deadline(action: Callable[[], None], deadline_s: float = DIAG_DEADLINE_S) -> int:
    """Run ``action``; map device errors to a one-line message and enforce the deadline.

    The action runs in a daemon thread so that a driver stuck in a blocking read cannot
    hold the command past the deadline; on timeout the process exits at once.
    """
    outcome: dict[str, int] = {}

    def target() -> None:
        try:
            action()
            outcome["rc"] = EXIT_OK
        except DeviceError as exc:
            sys.stderr.write(f"{exc.code}: {exc.detail or exc}\n")
            outcome["rc"] = EXIT_DEVICE_ERROR
        except (OSError, ValueError) as exc:
            sys.stderr.write(f"error: {exc}\n")
            outcome["rc"] = EXIT_DEVICE_ERROR
        except Exception as exc:
            # Anything else is still one line for the technician, not a traceback.
            sys.stderr.write(f"error: {type(exc).__name__}: {exc}\n")
            outcome["rc"] = EXIT_DEVICE_ERROR

    worker = threading.Thread(target=target, name="diag-action", daemon=True)
    worker.start()
    worker.join(deadline_s)
    if worker.is_alive():
        sys.stderr.write(f"timeout: no answer within {deadline_s:g} s\n")
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(EXIT_TIMEOUT)
    return outcome["rc"]
