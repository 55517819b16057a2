"""How many examples each fuzz target runs: a sample in the normal suite, 100k+ in long mode."""

import os

LONG = os.environ.get("KIOSK_FUZZ_LONG") == "1"


def examples(normal: int = 200, long: int = 100_000) -> int:
    """Examples for one fuzz target: `normal` in the normal suite, `long` with KIOSK_FUZZ_LONG=1."""
    return long if LONG else normal
