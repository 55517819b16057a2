"""Screenshots of every resident screen and service mode's pages, in Chinese and English,
landscape 1920x1080 and portrait 1080x1920: ``scripts/screenshots`` runs this under Xvfb
with Qt's real xcb platform (not offscreen) and no window manager, so fonts, styles and
the window look exactly as on a kiosk.

It builds a runtime on the simulated default site in a temporary directory and walks
through the flows with the simulators (a card on the reader, books on the pad, a door),
saving ``docs/screenshots/<screen>-<orientation>-<lang>.png``.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QGuiApplication

from drivers.printer.status import Paper
from kiosk.config import load_config
from kiosk.devices import CardRemoved
from kiosk.sample_data import DEMO_PICKUP_CODE
from kiosk.service_pin import DEMO_PIN
from runtime.build import build_runtime
from ui.app import application
from ui.navigation import View
from ui.simulator_window import SimulatorWindow
from ui.window import KioskWindow

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
# The two ways a kiosk screen is mounted.
ORIENTATIONS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


def pump(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the kiosk did not reach the expected state")
        pump(50)


class Shooter:
    def __init__(self, window: KioskWindow, sim: SimulatorWindow, out: Path, orientation: str):
        self.window = window
        self.sim = sim
        self.out = out
        self.orientation = orientation
        self.saved: list[Path] = []

    def shot(self, name: str) -> None:
        pump(400)  # let layouts settle and the X server draw
        screen = QGuiApplication.primaryScreen()
        pixmap = screen.grabWindow(self.window.winId())
        path = self.out / f"{name}-{self.orientation}-{self.window.language}.png"
        if not pixmap.save(str(path)):
            raise OSError(f"cannot write {path}")
        self.saved.append(path)
        log.info("saved %s", path)

    def login(self, patron_id: str) -> None:
        self.sim.present_card(patron_id)
        wait_for(lambda: self.window.view in (View.MENU, View.MESSAGE))
        self.sim.lift_card()

    def logout(self, lang: str) -> None:
        """Log out, then back to ``lang`` (a logout restores the site's language)."""
        self.window.logout()
        self.window.set_language(lang)

    def run(self, lang: str) -> None:
        w, sim = self.window, self.sim
        self.logout(lang)
        self.shot("attract")
        # A card pulled off mid-read arrives as the real PC/SC driver reports it.
        w.identification.card_poller.failed.emit(CardRemoved("screenshot", device="screenshots"))
        self.shot("attract-misread")
        w.resident.show_code_entry()
        for digit in DEMO_PIN:
            w.code_screen.keypad.press(digit)
        self.shot("pickup-code")
        w.resident.login_with_code("000000")
        wait_for(lambda: w.code_screen.reason is not None)
        self.shot("pickup-code-refused")
        self.logout(lang)
        self.login("3301000000003")
        self.shot("refused-credit")
        self.logout(lang)
        self.pin_entry(lang)
        self.login("3301000000001")
        wait_for(lambda: w.menu.counts is not None)
        self.shot("menu")
        w.help.ask()
        self.shot("help")
        w.help.panel.hide()
        w.resident.show_account()
        wait_for(lambda: w.account_screen.account is not None)
        self.shot("account")
        w.resident.back_to_menu()
        wait_for(lambda: w.view is View.MENU)
        w.resident.show_borrow()
        for item_id in ("31234000567890", "31234000567896", "31234000567900"):
            sim.place_book(item_id)
        wait_for(lambda: len(w.borrow_screen.entries) == 3)
        self.shot("borrow")
        w.borrow_screen.confirm()
        wait_for(lambda: w.view is View.RESULT)
        self.shot("borrow-result")
        w.transactions.finish()
        wait_for(lambda: bool(w.open_dialogs()))
        self.shot("receipt-prompt")
        w.idle.warning.emit(16)  # the idle countdown, over the dialog
        self.shot("receipt-idle")
        w.open_dialogs()[0].answer_buttons[1].click()
        wait_for(lambda: w.view is View.ATTRACT)
        w.set_language(lang)
        self.login("3301000000001")
        w.resident.show_loans()
        wait_for(lambda: w.loans_screen.loaded)
        self.shot("loans")
        self.logout(lang)
        sim.clear_pad()
        sim.place_book("31234000567890")
        w.resident.start_return_without_login()
        wait_for(lambda: len(w.return_screen.entries) == 1)
        self.shot("return")
        w.return_screen.confirm_locker()
        wait_for(lambda: w.view is View.RESULT)
        self.shot("locker-return")
        self.logout(lang)
        sim.clear_pad()
        self.login("3301000000005")
        w.resident.show_pickup()
        wait_for(lambda: w.pickup_screen.loaded)
        self.shot("pickup")
        sim.jam_door("A01")
        w.transactions.pickup()
        wait_for(lambda: w.view is View.RESULT)
        self.shot("pickup-jammed")
        self.logout(lang)
        w.service.show_login()
        self.shot("service-login")
        w.service.enter("staff:screenshots")
        wait_for(lambda: bool(w.service_screen.snapshot))
        self.shot("service")
        self.logout(lang)
        self.service_pages(lang)

    def pin_entry(self, lang: str) -> None:
        """The PIN keypad after a card, as on a site with ``patron_pin = "required"`` (the
        demo site asks none): the site's setting is switched for this one shot."""
        circulation = self.window.runtime.circulation
        plain = circulation.config
        circulation.config = dataclasses.replace(
            plain,
            identification=dataclasses.replace(plain.identification, patron_pin="required"),
        )
        try:
            self.sim.present_card("3301000000001")
            wait_for(lambda: self.window.view is View.PIN)
            self.sim.lift_card()
            self.shot("pin")
        finally:
            circulation.config = plain
        self.logout(lang)

    def service_pages(self, lang: str) -> None:
        """The service pages a technician repairs with, on a bank with trouble: A01 jammed
        during a pick-up, the printer low on paper; landscape and portrait."""
        w, sim = self.window, self.sim
        runtime = w.runtime
        circ = runtime.circulation
        sim.jam_door("A01")
        runtime.call(lambda: circ.pickup(circ.start_code_session(DEMO_PICKUP_CODE)))
        sim.unjam_door("A01")
        printer = runtime.simulators.printer if runtime.simulators else None
        if printer is not None:
            printer.simulator.set_paper(Paper.LOW)
        w.service.enter("staff:screenshots")
        wait_for(lambda: bool(w.service_screen.snapshot.get("alarms")))
        w.service.board_status()
        wait_for(lambda: "A01" in w.service_screen.device_out.text())
        screen = w.service_screen
        for page, tab in (("devices", 0), ("alarms", 2), ("compartments", 3)):
            screen.tabs.setCurrentIndex(tab)
            self.shot(f"service-{page}")
        screen.tabs.setCurrentIndex(0)
        self.logout(lang)

    def accessibility(self) -> None:
        w = self.window
        w.set_language("zh")
        self.login("3301000000001")
        w.large_button.setChecked(True)
        w.contrast_button.setChecked(True)
        self.shot("menu-large-contrast")
        w.large_button.setChecked(False)
        w.contrast_button.setChecked(False)
        w.logout()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="save screenshots of the kiosk's screens")
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument(
        "--orientation", choices=sorted(ORIENTATIONS), action="append", help="default: both"
    )
    parser.add_argument("--lang", choices=("zh", "en"), action="append", help="default: both")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    saved: list[Path] = []
    # A fresh terminal per language and orientation, so each walk-through starts from
    # the sample data.
    for orientation in args.orientation or list(ORIENTATIONS):
        for lang in args.lang or ["zh", "en"]:
            with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as data_dir:
                config = load_config(ROOT / "config" / "default.toml")
                runtime = build_runtime(config, data_dir=data_dir)
                try:
                    window = KioskWindow(runtime, sound=False)
                    window.move(0, 0)
                    window.resize(*ORIENTATIONS[orientation])
                    window.show()
                    sim = SimulatorWindow(runtime, window)
                    shooter = Shooter(window, sim, out, orientation)
                    pump(500)
                    shooter.run(lang)
                    if lang == "zh":
                        shooter.accessibility()
                    saved += shooter.saved
                    window.allow_close = True
                    window.close()
                finally:
                    runtime.close()
    app.processEvents()
    log.info("%d screenshots in %s", len(saved), out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
