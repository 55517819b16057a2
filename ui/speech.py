"""Spoken guidance: what the kiosk says aloud, and when.

Each resident screen, when it appears, says what to do now; a refusal is said twice with
a pause (the engine's ``repeat``); a door that opens or shuts says which door and what
to do. The words are the ones the screen shows, read from its labels in the current
language (one copy of the wording, translated once); the few the screens do not show
are in this module's own ``tr()``.

Privacy: a screen's heading or rows may name the resident (the masked card number on
the menu) or their books; the next person in the queue would hear them. So only the
instruction, summary and refusal labels are read, never a heading with a name nor a
row with a title: results are counts ("3 本书已借出").

Service mode is silent (staff read it). A screen whose words arrive from the core thread
(the menu's loan count, the loans and holds lists) is said once the core worker has no
job left, so it is said with its words rather than "loading".

Settings: the resident's "speak" toggle (the top bar) starts from the site's
``[ui] speech`` and goes back to it at the end of a visit; the volume (0..100) starts from
``[ui] speech_volume`` and may be changed in service mode, where it is stored as the
local setting ``speech_volume`` (audited as ``service.speech_volume``) and outlives a
restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer

from drivers.speech import SpeechEngine, Utterance
from kiosk.config import SiteConfig
from ui.navigation import Navigator, View
from ui.screens.attract import AttractScreen
from ui.screens.base import fmt
from ui.screens.items import BorrowScreen, ReturnScreen
from ui.screens.loans import LoansScreen
from ui.screens.login import CodeEntryScreen, MessageScreen
from ui.screens.menu import MenuScreen
from ui.screens.pickup import PickupScreen
from ui.screens.result import ResultScreen
from ui.service_mode import ServiceController
from ui.worker import CoreWorker

log = logging.getLogger(__name__)

VOLUME_SETTING = "speech_volume"
VOLUME_STEP = 10
# Views said aloud; service mode is for staff and stays silent.
RESIDENT_VIEWS = {
    View.ATTRACT,
    View.CODE,
    View.MESSAGE,
    View.MENU,
    View.BORROW,
    View.RETURN,
    View.LOANS,
    View.PICKUP,
    View.RESULT,
}


class SpokenWindow(Protocol):
    """What the speech controller reads of the kiosk window (ui.window.KioskWindow)."""

    config: SiteConfig
    language: str
    service: ServiceController
    attract: AttractScreen
    code_screen: CodeEntryScreen
    message_screen: MessageScreen
    menu: MenuScreen
    borrow_screen: BorrowScreen
    return_screen: ReturnScreen
    loans_screen: LoansScreen
    pickup_screen: PickupScreen
    result_screen: ResultScreen


SENTENCE_ENDS = "。！？.!?：:"


def as_sentence(text: str) -> str:
    """A label as a sentence: a heading gets the full stop it lacks on screen, so the
    voice pauses after it (a Chinese one 。)."""
    text = " ".join(text.split())
    if not text or text[-1] in SENTENCE_ENDS:
        return text
    return text + ("。" if "\u4e00" <= text[-1] <= "\u9fff" else ".")


def sentences(*texts: str) -> str:
    """Labels joined into one utterance, each a sentence; empty ones dropped."""
    return " ".join(s for s in (as_sentence(t) for t in texts) if s)


class SpeechController(QObject):
    """Decides what to say on each screen and hands it to the engine."""

    def __init__(
        self,
        engine: SpeechEngine,
        window: SpokenWindow,
        worker: CoreWorker,
        store: Any,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.engine = engine
        self.window = window
        self.navigator: Navigator | None = None
        self.worker = worker
        self.store = store
        ui_config = window.config.ui
        self.site_enabled: bool = ui_config.speech
        self.enabled = self.site_enabled
        self.volume: int = ui_config.speech_volume
        self._waiting: View | None = None  # a view to say once the worker has no job left
        worker.submit(
            store.get_setting, VOLUME_SETTING, done=self._stored_volume, session_bound=False
        )

    def attach(self, navigator: Navigator) -> None:
        """Start saying the screens ``navigator`` shows (built after this controller:
        the service screen reaches the volume through the host)."""
        self.navigator = navigator
        navigator.shown.connect(self._shown)
        navigator.changed.connect(self._changed)
        self.worker.idle.connect(self._worker_idle)

    # --- settings ---------------------------------------------------------------------------

    def _stored_volume(self, value: str | None) -> None:
        if value is not None and value.isdigit():
            self.volume = max(0, min(100, int(value)))

    def set_enabled(self, on: bool) -> None:
        """The resident's toggle: off stops at once, on says the screen that is up."""
        if on == self.enabled:
            return
        self.enabled = on
        if on:
            self._shown(self.view)
        else:
            self._waiting = None
            self.engine.stop()

    def set_volume(self, volume: int, done: Callable[[], None]) -> None:
        """Service mode: store the volume (audited), then say a sample at it."""
        volume = max(0, min(100, volume))

        def stored(_: Any) -> None:
            self.volume = volume
            done()

        self.window.service.action(
            "speech_volume",
            self.store.set_setting,
            VOLUME_SETTING,
            str(volume),
            detail={"volume": volume},
            done=stored,
            refresh=False,
        )

    def test_voice(self) -> None:
        """Service mode's "test voice": a sentence at the current volume, toggle or not."""
        self._say(fmt(self.tr("This is the kiosk's voice, at volume %1."), self.volume))

    def language_changed(self) -> None:
        """The resident switched language: say the screen again, in that language."""
        if self.enabled:
            self._shown(self.view)

    # --- when ----------------------------------------------------------------------------

    @property
    def view(self) -> View | None:
        return self.navigator.view if self.navigator is not None else None

    def _shown(self, view: View | None) -> None:
        if not self.enabled or view not in RESIDENT_VIEWS:
            self._waiting = None
            self.engine.stop()
            return
        self._waiting = view
        # The controllers fill some screens just after showing them (same event-loop pass).
        QTimer.singleShot(0, self._say_when_settled)

    def _say_when_settled(self) -> None:
        if self._waiting is None or self.worker.busy:
            return  # said by _worker_idle
        self._say_waiting()

    def _worker_idle(self) -> None:
        # ``idle`` is emitted after the last job's callbacks, which may have submitted
        # another (a login's answer showing a screen that loads its list): wait for that.
        if self._waiting is not None and not self.worker.busy:
            self._say_waiting()

    def _say_waiting(self) -> None:
        view, self._waiting = self._waiting, None
        if view is None or view is not self.view or not self.enabled:
            return
        text, refusal = self.screen_words(view)
        self._say(text, repeat=refusal)

    def _changed(self, view: View) -> None:
        """A screen's words changed while it stays up: a refused code, a door shut."""
        if not self.enabled or view is not self.view:
            return
        w = self.window
        if view is View.CODE and w.code_screen.reason is not None:
            self._say(sentences(w.code_screen.error.text()), repeat=True)
        elif view is View.RESULT:
            self._say(sentences(w.result_screen.summary.text()))

    def _say(self, text: str, repeat: bool = False) -> None:
        if text:
            self.engine.say(Utterance(text, self.window.language, self.volume, repeat))

    # --- what ---------------------------------------------------------------------------

    def screen_words(self, view: View) -> tuple[str, bool]:
        """What ``view`` says now, and whether it is a refusal (said twice)."""
        w = self.window
        if view is View.ATTRACT:
            attract = w.attract
            if attract.out_of_service.isVisibleTo(attract):
                return sentences(attract.out_of_service.text()), False
            return sentences(attract.how.text()), False
        if view is View.CODE:
            return sentences(w.code_screen.heading.text(), w.code_screen.hint.text()), False
        if view is View.MESSAGE:
            message = w.message_screen
            # The extra line may hold the resident's own figures (credit level): not said.
            return sentences(message.text.text(), message.advice.text()), True
        if view is View.MENU:
            menu = w.menu
            notice = menu.handover.text() if menu.handover.isVisibleTo(menu) else ""
            return sentences(
                notice, menu.summary.text(), self.tr("Choose what you would like to do.")
            ), False
        if view is View.BORROW:
            return sentences(w.borrow_screen.hint.text()), False
        if view is View.RETURN:
            return sentences(w.return_screen.hint.text()), False
        if view is View.LOANS:
            return sentences(w.loans_screen.heading.text(), w.loans_screen.hint.text()), False
        if view is View.PICKUP:
            return sentences(w.pickup_screen.heading.text(), w.pickup_screen.hint.text()), False
        if view is View.RESULT:
            return self._result_words()
        return "", False

    def _result_words(self) -> tuple[str, bool]:
        """The result's heading and summary (counts, doors), then each distinct refusal
        with its advice; never a title."""
        result = self.window.result_screen
        lang = self.window.language
        refusals: list[str] = []
        for outcome in result.outcomes:
            if outcome.ok or outcome.reason is None:
                continue
            words = sentences(outcome.reason.text(lang), outcome.reason.advice(lang))
            if words not in refusals:
                refusals.append(words)
        return sentences(result.heading.text(), result.summary.text(), *refusals), bool(refusals)
