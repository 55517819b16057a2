"""The kiosk's screens, one QWidget each, shown one at a time by :class:`ui.window.KioskWindow`.

A screen asks only its :class:`ui.screens.host.ScreenHost` for anything beyond itself."""
