"""Which screen is up, and which screen changes are allowed.

:class:`View` names the screens; :data:`TRANSITIONS` lists every allowed change in one
place (any screen may go back to ATTRACT: logout); a pick-up-code session sees only
:data:`CODE_SESSION_VIEWS`. :class:`Navigator` holds the current view and is the one
place that changes it: the shell and the controllers call :meth:`Navigator.go`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget

from kiosk.circulation import Session
from ui.screens.base import Screen


class View(Enum):
    ATTRACT = "attract"
    CODE = "code"
    PIN = "pin"  # a card login's PIN, where the site asks for one
    MESSAGE = "message"
    MENU = "menu"
    BORROW = "borrow"
    RETURN = "return"
    LOANS = "loans"
    ACCOUNT = "account"
    PICKUP = "pickup"
    RESULT = "result"
    SERVICE_LOGIN = "service_login"
    SERVICE = "service"


# Every allowed screen change, in one place. Any screen may go back to ATTRACT (logout).
TRANSITIONS: dict[View, set[View]] = {
    View.ATTRACT: {
        View.CODE,
        View.PIN,
        View.MESSAGE,
        View.MENU,
        View.PICKUP,  # a pick-up code scanned from the app, without the keypad
        View.RETURN,
        View.SERVICE_LOGIN,
        View.SERVICE,
    },
    View.CODE: {View.PICKUP, View.MESSAGE},
    View.PIN: {View.MENU, View.MESSAGE},
    View.MESSAGE: {View.MENU},
    View.MENU: {
        View.BORROW,
        View.RETURN,
        View.LOANS,
        View.ACCOUNT,
        View.PICKUP,
        View.MESSAGE,
        View.RESULT,
    },
    View.BORROW: {View.MENU, View.RESULT, View.MESSAGE},
    View.RETURN: {View.MENU, View.RESULT, View.MESSAGE},
    View.LOANS: {View.MENU, View.MESSAGE},
    View.ACCOUNT: {View.MENU, View.MESSAGE},
    View.PICKUP: {View.MENU, View.RESULT, View.MESSAGE},
    View.RESULT: {View.MENU, View.MESSAGE},
    View.SERVICE_LOGIN: {View.SERVICE},
    View.SERVICE: set(),
}

# What a pick-up-code session may see: the code proves only that its holder may collect
# those holds (the core refuses the rest too: Reason.CODE_SESSION_PICKUP_ONLY).
CODE_SESSION_VIEWS = {View.ATTRACT, View.CODE, View.PICKUP, View.RESULT, View.MESSAGE}


class Navigator(QObject):
    """The current view of a stack of screens; changes only along :data:`TRANSITIONS`.

    ``shown`` is emitted each time a screen is shown (spoken guidance says it);
    ``changed`` when a controller changed what the current screen says while it stays up
    (:meth:`words_changed`: a refused code, a door that shut).
    """

    shown = Signal(object)  # a View
    changed = Signal(object)  # a View

    def __init__(
        self,
        stack: QStackedWidget,
        screens: Mapping[View, Screen],
        session: Callable[[], Session | None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.stack = stack
        self.screens = dict(screens)
        self._session = session
        self.view = View.ATTRACT
        for screen in self.screens.values():
            stack.addWidget(screen)

    def go(self, view: View) -> None:
        if view is self.view:
            self.screens[view].enter()
            self.shown.emit(view)
            return
        if view is not View.ATTRACT and view not in TRANSITIONS[self.view]:
            raise RuntimeError(f"screen change {self.view.value} -> {view.value} not allowed")
        session = self._session()
        if session is not None and session.pickup_only and view not in CODE_SESSION_VIEWS:
            raise RuntimeError(f"a pick-up-code session may not see {view.value}")
        self.screens[self.view].leave()
        self.view = view
        self.stack.setCurrentWidget(self.screens[view])
        self.screens[view].enter()
        self.shown.emit(view)

    def words_changed(self, view: View) -> None:
        """What ``view`` says changed while it is up."""
        self.changed.emit(view)
