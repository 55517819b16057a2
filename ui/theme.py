"""Look of the kiosk: normal, large-text and high-contrast styles, and touch-target sizes.

One style sheet for the whole application, built from two switches a resident can flip
on every screen. A disabled button must look disabled whatever else styles it (the main
button's rule is more specific than a bare ``:disabled``, hence the rule for each).
Sizes are in millimetres converted with the screen's DPI, so a touch target is at least
:data:`MIN_TOUCH_MM` on any panel.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

MIN_TOUCH_MM = 9.0
# Residents stand at arm's length: targets larger than the minimum are easier for
# the elderly and for children; the minimum is a floor, not a goal.
TOUCH_MM = 12.0
CJK_FAMILIES = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC")


@dataclass(frozen=True)
class Palette:
    window: str
    text: str
    muted: str
    button: str
    button_text: str
    accent: str
    accent_text: str
    ok: str
    error: str
    border: str


NORMAL = Palette(
    window="#f6f4ef",
    text="#1d1d1b",
    muted="#4d4d48",
    button="#ffffff",
    button_text="#1d1d1b",
    accent="#0b5d8f",
    accent_text="#ffffff",
    ok="#1b6e2a",
    error="#a11d1d",
    border="#8a8a80",
)
# Contrast ratios well above WCAG AAA (7:1): yellow and white on black.
HIGH_CONTRAST = Palette(
    window="#000000",
    text="#ffffff",
    muted="#ffffff",
    button="#000000",
    button_text="#ffff00",
    accent="#ffff00",
    accent_text="#000000",
    ok="#7dff7d",
    error="#ff8080",
    border="#ffffff",
)


def dpi() -> float:
    screen = QGuiApplication.primaryScreen()
    return screen.logicalDotsPerInchY() if screen is not None else 96.0


def mm_to_px(mm: float) -> int:
    return round(mm / 25.4 * dpi())


def base_point_size(large: bool) -> int:
    return 22 if large else 15


def pick_font_family() -> str:
    families = set(QFontDatabase.families())
    return next((f for f in CJK_FAMILIES if f in families), QFont().defaultFamily())


def style_sheet(large: bool, contrast: bool) -> str:
    p = HIGH_CONTRAST if contrast else NORMAL
    pt = base_point_size(large)
    touch = mm_to_px(TOUCH_MM * (1.3 if large else 1.0))
    border = 3 if contrast else 1
    return f"""
QWidget {{ background: {p.window}; color: {p.text}; font-size: {pt}pt; }}
QLabel#title {{ font-size: {round(pt * 1.8)}pt; font-weight: bold; }}
QLabel#subtitle {{ font-size: {round(pt * 1.25)}pt; }}
QLabel#muted {{ color: {p.muted}; }}
QLabel#ok {{ color: {p.ok}; font-weight: bold; }}
QLabel#error {{ color: {p.error}; font-weight: bold; }}
QLabel#banner {{ background: {p.accent}; color: {p.accent_text}; padding: 6px; }}
QLabel#countdown {{ font-size: {round(pt * 2.2)}pt; font-weight: bold; color: {p.error}; }}
QPushButton {{
    background: {p.button}; color: {p.button_text}; border: {border}px solid {p.border};
    border-radius: 8px; padding: 6px 16px; min-height: {touch}px; min-width: {touch}px;
}}
QPushButton:checked {{ background: {p.accent}; color: {p.accent_text}; }}
QPushButton#primary {{ background: {p.accent}; color: {p.accent_text}; font-weight: bold; }}
QPushButton:disabled, QPushButton#primary:disabled, QPushButton:checked:disabled {{
    background: {p.window}; color: {p.border}; border: {border}px dashed {p.border};
    font-weight: normal;
}}
QLineEdit {{ min-height: {touch}px; border: {border}px solid {p.border}; padding: 4px;
    font-size: {round(pt * 1.4)}pt; background: {p.button}; }}
QListWidget, QTableWidget, QTextEdit {{ border: {border}px solid {p.border};
    background: {p.button}; }}
QTableWidget::item, QListWidget::item {{ min-height: {touch}px; padding: 4px; }}
QTabBar::tab {{ min-height: {touch}px; min-width: {touch * 2}px; padding: 4px 12px;
    border: {border}px solid {p.border}; background: {p.button}; color: {p.button_text}; }}
QTabBar::tab:selected {{ background: {p.accent}; color: {p.accent_text}; }}
QScrollBar:vertical {{ width: {mm_to_px(MIN_TOUCH_MM)}px; }}
QFrame#overlay {{ background: {p.window}; border: {border + 2}px solid {p.accent};
    border-radius: 12px; }}
QDialog {{ border: {border + 2}px solid {p.accent}; }}
"""
