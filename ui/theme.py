"""Look of the kiosk: one type scale, spacing steps and colour set, and touch-target sizes.

Everything a screen shows is styled here and nowhere else: screens name a role
(``QLabel#title``, ``QToolButton#tile``, a row's ``QFrame#row``) and take spacing from
:data:`SPACE`; they never set a point size, a colour or a margin of their own
(``tests/ui/test_theme.py`` reads ui/screens to keep it so).

* **Type scale**: five sizes, :data:`TYPE_SCALE` steps of the base size (15 pt, or 22 pt
  with large text): ``small`` for secondary lines, ``body``, ``lead`` for a book's title
  and a screen's hint, ``title`` for a screen's heading, ``display`` for the idle countdown.
* **Spacing**: :data:`SPACE`, five steps in pixels, scaled with large text.
* **Colours**: :data:`NORMAL` and :data:`HIGH_CONTRAST` (large text keeps the normal
  colours). Text and marks on their backgrounds are WCAG AA or better in both sets; the
  ratios are in docs/ui.md and checked by the tests.

A disabled button must look disabled whatever else styles it (the main button's rule is
more specific than a bare ``:disabled``, hence the rule for each). Sizes are in
millimetres converted with the screen's DPI, so a touch target is at least
:data:`MIN_TOUCH_MM` on any panel.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

MIN_TOUCH_MM = 9.0
# Residents stand at arm's length: targets larger than the minimum are easier for
# the elderly and for children; the minimum is a floor, not a goal.
TOUCH_MM = 12.0
# A keypad key and a main-action tile: big enough for a thumb in a hurry.
KEY_MM = 16.0
TILE_MM = 34.0
ICON_MM = 14.0  # the pictogram on a tile
CJK_FAMILIES = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC")

# The five type sizes, as multiples of the base point size.
TYPE_SCALE = {"small": 0.85, "body": 1.0, "lead": 1.25, "title": 1.7, "display": 2.2}
# Spacing steps in pixels at normal text size (xs: inside a row, s: between lines,
# m: between blocks, l: screen margins, xl: between sections).
SPACE = {"xs": 4, "s": 8, "m": 16, "l": 24, "xl": 40}
# The widest a column of text may be: lines longer than this are hard to read at a glance.
READING_WIDTH_PX = 1100


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
    warning: str
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
    warning="#8a4b00",
    border="#8a8a80",
)
# Yellow and white on black: every pair well above WCAG AAA (7:1).
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
    warning="#ffc04d",
    border="#ffffff",
)


def palette(contrast: bool) -> Palette:
    return HIGH_CONTRAST if contrast else NORMAL


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_pairs(p: Palette) -> dict[str, tuple[str, str]]:
    """Every foreground/background pair the style sheet draws text or a mark with."""
    return {
        "text": (p.text, p.window),
        "muted": (p.muted, p.window),
        "ok": (p.ok, p.window),
        "error": (p.error, p.window),
        "warning": (p.warning, p.window),
        "button": (p.button_text, p.button),
        "accent": (p.accent_text, p.accent),
        "row text": (p.text, p.button),
        "row ok": (p.ok, p.button),
        "row error": (p.error, p.button),
        "row warning": (p.warning, p.button),
    }


def dpi() -> float:
    screen = QGuiApplication.primaryScreen()
    return screen.logicalDotsPerInchY() if screen is not None else 96.0


def mm_to_px(mm: float) -> int:
    return round(mm / 25.4 * dpi())


def base_point_size(large: bool) -> int:
    return 22 if large else 15


def point_size(role: str, large: bool) -> int:
    """A role of the type scale in points."""
    return round(base_point_size(large) * TYPE_SCALE[role])


def space(step: str, large: bool = False) -> int:
    return round(SPACE[step] * (1.3 if large else 1.0))


def tile_px(large: bool = False) -> int:
    return mm_to_px(TILE_MM * (1.2 if large else 1.0))


def icon_px(large: bool = False) -> int:
    return mm_to_px(ICON_MM * (1.2 if large else 1.0))


def pick_font_family() -> str:
    families = set(QFontDatabase.families())
    return next((f for f in CJK_FAMILIES if f in families), QFont().defaultFamily())


def style_sheet(large: bool, contrast: bool) -> str:
    p = palette(contrast)
    pt = {role: point_size(role, large) for role in TYPE_SCALE}
    touch = mm_to_px(TOUCH_MM * (1.3 if large else 1.0))
    key = mm_to_px(KEY_MM * (1.2 if large else 1.0))
    tile = tile_px(large)
    border = 3 if contrast else 1
    s = {step: space(step, large) for step in SPACE}
    return f"""
QWidget {{ background: {p.window}; color: {p.text}; font-size: {pt["body"]}pt; }}
QLabel#title {{ font-size: {pt["title"]}pt; font-weight: bold; }}
QLabel#subtitle {{ font-size: {pt["lead"]}pt; }}
QLabel#small {{ font-size: {pt["small"]}pt; color: {p.muted}; }}
QLabel#muted {{ color: {p.muted}; }}
QLabel#ok, QLabel#markOk {{ color: {p.ok}; font-weight: bold; }}
QLabel#error, QLabel#markRefused {{ color: {p.error}; font-weight: bold; }}
QLabel#markWarning {{ color: {p.warning}; font-weight: bold; }}
QLabel#banner {{ background: {p.accent}; color: {p.accent_text}; padding: {s["s"]}px; }}
QLabel#countdown {{ font-size: {pt["display"]}pt; font-weight: bold; color: {p.error}; }}
QFrame#row {{ background: {p.button}; border: {border}px solid {p.border};
    border-radius: 8px; }}
QFrame#row QLabel {{ background: {p.button}; }}
QFrame#row QLabel#title, QFrame#row QLabel#subtitle {{ color: {p.text}; }}
QLabel#stepDone {{ color: {p.ok}; padding: {s["s"]}px {s["m"]}px; }}
QLabel#stepTodo {{ color: {p.muted}; padding: {s["s"]}px {s["m"]}px; }}
QLabel#stepCurrent {{ background: {p.accent}; color: {p.accent_text}; font-weight: bold;
    border-radius: 8px; padding: {s["s"]}px {s["m"]}px; }}
QLabel#stepLine {{ color: {p.border}; }}
QPushButton {{
    background: {p.button}; color: {p.button_text}; border: {border}px solid {p.border};
    border-radius: 8px; padding: {s["s"]}px {s["m"]}px; min-height: {touch}px;
    min-width: {touch}px;
}}
QPushButton#key {{ min-height: {key}px; font-size: {pt["title"]}pt; }}
QPushButton:checked {{ background: {p.accent}; color: {p.accent_text}; }}
QPushButton#primary {{ background: {p.accent}; color: {p.accent_text}; font-weight: bold;
    font-size: {pt["lead"]}pt; }}
QToolButton#tile {{
    background: {p.button}; color: {p.button_text}; border: {border + 1}px solid {p.border};
    border-radius: 16px; padding: {s["m"]}px; min-height: {tile}px; min-width: {tile}px;
    font-size: {pt["lead"]}pt; font-weight: bold;
}}
QToolButton#tile[primary="true"] {{ background: {p.accent}; color: {p.accent_text}; }}
QPushButton:disabled, QPushButton#primary:disabled, QPushButton:checked:disabled,
QToolButton#tile:disabled, QToolButton#tile[primary="true"]:disabled {{
    background: {p.window}; color: {p.border}; border: {border}px dashed {p.border};
    font-weight: normal;
}}
QLineEdit {{ min-height: {touch}px; border: {border}px solid {p.border}; padding: {s["xs"]}px;
    font-size: {pt["title"]}pt; background: {p.button}; }}
QListWidget, QTableWidget, QTextEdit {{ border: {border}px solid {p.border};
    background: {p.button}; }}
QTableWidget::item, QListWidget::item {{ min-height: {touch}px; padding: {s["xs"]}px; }}
QTabBar::tab {{ min-height: {touch}px; min-width: {touch * 2}px; padding: {s["xs"]}px {s["m"]}px;
    border: {border}px solid {p.border}; background: {p.button}; color: {p.button_text}; }}
QTabBar::tab:selected {{ background: {p.accent}; color: {p.accent_text}; }}
QScrollBar:vertical {{ width: {mm_to_px(MIN_TOUCH_MM)}px; }}
QFrame#overlay {{ background: {p.window}; border: {border + 2}px solid {p.accent};
    border-radius: 12px; }}
QDialog {{ border: {border + 2}px solid {p.accent}; }}
"""
