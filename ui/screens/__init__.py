"""The kiosk's screens, one QWidget each, shown one at a time by :class:`ui.window.KioskWindow`."""
