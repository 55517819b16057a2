"""A closed runtime refuses new work with a plain error instead of failing on its insides.

The UI or a late device callback may still submit a job while the kiosk shuts down; once
``Runtime.close()`` has stopped kiosk-core, ``submit`` says the runtime is closed
(RuntimeError, as ThreadPoolExecutor does after shutdown) rather than raising an
AttributeError from the executor it no longer has.
"""

from __future__ import annotations

import pytest

from kiosk.config import load_config
from runtime.build import build_runtime

from .test_kiosk_e2e import DEFAULT


def test_submit_after_close_says_the_runtime_is_closed(tmp_path):
    runtime = build_runtime(load_config(DEFAULT), data_dir=tmp_path)
    try:
        assert runtime.call(lambda: 6 * 7) == 42
    finally:
        runtime.close()
    runtime.close()  # a second close is harmless
    with pytest.raises(RuntimeError, match="closed"):
        runtime.submit(lambda: None)
