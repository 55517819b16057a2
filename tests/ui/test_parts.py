"""The parts under the screens: the core worker's session binding, the idle state
machine, the translation build, the screen transition table."""

import shutil
import subprocess
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
from uihelp import ROOT, WAIT_MS

from ui import i18n
from ui.idle import TRANSITIONS as IDLE_TRANSITIONS
from ui.idle import IdleMonitor, IdleState
from ui.navigation import TRANSITIONS, View


@pytest.fixture
def executor():
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-core")
    yield pool
    pool.shutdown()


def test_worker_drops_answers_that_belong_to_a_finished_session(qtbot, executor):
    import threading

    from ui.worker import CoreWorker

    worker = CoreWorker(executor.submit)
    release = threading.Event()
    got = []
    worker.submit(release.wait, 10, done=lambda r: got.append(("old", r)))
    worker.submit(lambda: "anyway", done=lambda r: got.append(("unbound", r)), session_bound=False)
    worker.new_generation()  # the resident logged out while the job ran
    worker.submit(lambda: "new", done=lambda r: got.append(("new", r)))
    release.set()
    qtbot.waitUntil(lambda: not worker.busy, timeout=WAIT_MS)
    assert got == [("unbound", "anyway"), ("new", "new")]


def test_worker_runs_jobs_on_the_core_thread_and_reports_failures(qtbot, executor):
    import threading

    from ui.worker import CoreWorker

    worker = CoreWorker(executor.submit)
    names, errors = [], []
    worker.submit(lambda: threading.current_thread().name, done=names.append)

    def boom():
        raise ValueError("device said no")

    worker.submit(boom, failed=errors.append)
    qtbot.waitUntil(lambda: len(names) + len(errors) == 2, timeout=WAIT_MS)
    assert names[0].startswith("test-core")
    assert isinstance(errors[0], ValueError)


def test_idle_monitor_warns_then_expires_and_activity_resets(qtbot):
    monitor = IdleMonitor(timeout_s=1.2, warning_s=0.8)
    warnings = []
    monitor.warning.connect(warnings.append)
    monitor.start()
    with qtbot.waitSignal(monitor.cleared, timeout=WAIT_MS):
        qtbot.waitUntil(lambda: monitor.state is IdleState.WARNING, timeout=WAIT_MS)
        monitor.poke()
    assert monitor.state is IdleState.ACTIVE
    monitor.hold(True)
    qtbot.wait(1500)
    assert monitor.state is IdleState.HELD  # a running transaction is never cut off
    monitor.hold(False)
    with qtbot.waitSignal(monitor.expired, timeout=WAIT_MS):
        pass
    assert monitor.state is IdleState.OFF and warnings
    monitor.detach()


def test_transition_tables_are_closed():
    assert set(TRANSITIONS) == set(View)
    assert all(targets <= set(View) for targets in TRANSITIONS.values())
    assert set(IDLE_TRANSITIONS) == set(IdleState)
    with pytest.raises(RuntimeError):
        monitor = IdleMonitor(10, 5)
        try:
            monitor._go(IdleState.HELD)  # not from OFF
        finally:
            monitor.detach()


def test_translations_compile_from_a_fresh_clone(tmp_path):
    for ts in i18n.HERE.glob("*.ts"):
        shutil.copy(ts, tmp_path)
    built = i18n.ensure_compiled(tmp_path)
    assert sorted(p.name for p in built) == ["kiosk_en.qm", "kiosk_zh_CN.qm"]
    assert i18n.ensure_compiled(tmp_path) == []  # up to date: nothing rebuilt


def _translation_text(translation) -> str:
    """The translated text, or all of its plural forms for a count-dependent string."""
    forms = [form.text or "" for form in translation.iter("numerusform")]
    return ("".join(forms) or translation.text or "").strip()


def test_every_string_in_the_code_has_a_chinese_translation(tmp_path):
    """Re-extract the strings from the code: none may be missing or unfinished."""
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pyside6-lupdate"), *sources, "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    wanted = {(m.find("source").text) for m in ET.parse(fresh).iter("message")}
    translated = {
        m.find("source").text: m.find("translation")
        for m in ET.parse(i18n.HERE / "kiosk_zh_CN.ts").iter("message")
    }
    missing = [s for s in wanted if s not in translated]
    unfinished = [
        s
        for s in wanted
        if s in translated
        and (translated[s].get("type") == "unfinished" or not _translation_text(translated[s]))
    ]
    assert missing == [] and unfinished == []


def test_translator_turns_english_source_into_chinese(qtbot):
    from PySide6.QtCore import QTranslator

    i18n.ensure_compiled()
    translator = QTranslator()
    assert translator.load(str(i18n.qm_path("zh")))
    assert translator.translate("MenuScreen", "Borrow") == "借书"
