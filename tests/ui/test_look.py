"""The look (issue #12): one theme used by every screen, pictogram tiles, step indicators,
book rows marked by shape and not colour alone, and portrait layouts that keep the main
button next to what it acts on."""

import re

from uihelp import ROOT, WAIT_MS, click, login_card, place_and_wait, wait_view

from ui import theme
from ui.navigation import View
from ui.screens.parts import BookRow, Mark, Tile

OK_CARD = "3301000000001"
HUOZHE, PRINCE, REFERENCE = "31234000567890", "31234000567896", "31234000567900"
PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)


def test_no_screen_styles_itself():
    """Sizes, colours and margins come from ui/theme.py, never from a screen."""
    ad_hoc = re.compile(
        r"setPointSize|setPixelSize|color\s*:|font-size|setStyleSheet|QColor\(|#[0-9a-fA-F]{6}\b"
        r"|setContentsMargins\(\s*[1-9]|setSpacing\(\s*[1-9]|addSpacing\(\s*[1-9]"
    )
    offenders = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted((ROOT / "ui" / "screens").glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ad_hoc.search(line)
    ]
    assert offenders == []


def test_every_colour_pair_is_wcag_aa_or_better():
    for palette in (theme.NORMAL, theme.HIGH_CONTRAST):
        ratios = {k: theme.contrast_ratio(*pair) for k, pair in theme.text_pairs(palette).items()}
        assert min(ratios.values()) >= 4.5, ratios
    high = theme.text_pairs(theme.HIGH_CONTRAST).values()
    assert min(theme.contrast_ratio(*pair) for pair in high) >= 7.0  # AAA


def test_the_type_scale_has_five_sizes_and_the_style_sheet_uses_only_them():
    assert len(theme.TYPE_SCALE) == 5
    for large in (False, True):
        sizes = {int(n) for n in re.findall(r"font-size: (\d+)pt", theme.style_sheet(large, False))}
        assert sizes <= {theme.point_size(role, large) for role in theme.TYPE_SCALE}


def test_the_menu_offers_its_main_actions_as_tiles_with_icon_and_label(qtbot, kiosk):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    tiles = window.menu.tiles
    assert len(tiles) >= 4
    assert {window.menu.borrow_button, window.menu.return_button} <= set(tiles)
    for tile in tiles:
        assert isinstance(tile, Tile)
        assert not tile.icon().isNull() and tile.iconSize().width() >= 32
        assert tile.text().strip()
        assert tile.isVisible()
    # One more action is one more entry: icon, label, action.
    pressed = []
    extra = Tile("help", "Help", lambda: pressed.append(True))
    qtbot.addWidget(extra)
    extra.click()
    assert pressed == [True] and not extra.icon().isNull()
    click(qtbot, window.menu.borrow_button)
    wait_view(qtbot, window, View.BORROW)


def test_the_step_indicator_advances_through_a_borrow(qtbot, kiosk):
    window, sim = kiosk
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    wait_view(qtbot, window, View.BORROW)
    steps = window.borrow_screen.steps
    assert steps.steps == ["验证身份", "放上图书", "完成"] and steps.current == 1
    assert steps.labels[0].text().startswith("✓")  # done: a tick, not only a colour
    assert steps.labels[1].objectName() == "stepCurrent"
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE])
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    steps = window.result_screen.steps
    assert steps.current == 2 and steps.labels[2].objectName() == "stepCurrent"
    assert all(label.text().startswith("✓") for label in steps.labels[:2])


def _marks(screen):
    rows = [w for w in screen.rows.findChildren(BookRow) if w.isVisibleTo(screen)]
    for row in rows:
        assert row.book_icon.icon_name == "book"
        assert row.mark_icon.icon_name == row.mark.icon  # a shape of its own
        assert row.mark_icon.accessibleName() == row.mark.name.lower()
    return sorted(row.mark.name for row in rows)


def test_every_book_row_has_a_pictogram_and_a_status_mark_not_colour_alone(qtbot, kiosk):
    window, sim = kiosk
    assert len({m.icon for m in Mark}) == len(Mark)
    login_card(qtbot, window, sim, OK_CARD)
    click(qtbot, window.menu.borrow_button)
    wait_view(qtbot, window, View.BORROW)
    place_and_wait(qtbot, window.borrow_screen, sim, [HUOZHE, PRINCE, REFERENCE])
    assert _marks(window.borrow_screen) == ["OK", "OK", "REFUSED"]
    click(qtbot, window.borrow_screen.confirm_button)
    wait_view(qtbot, window, View.RESULT)
    qtbot.waitUntil(lambda: len(window.result_screen.outcomes) == 3, timeout=WAIT_MS)
    assert _marks(window.result_screen) == ["OK", "OK", "REFUSED"]


def _bottom(widget, window):
    return widget.mapTo(window, widget.rect().bottomLeft()).y()


def _top(widget, window):
    return widget.mapTo(window, widget.rect().topLeft()).y()


def test_the_open_button_sits_right_under_the_keypad_in_both_orientations(qtbot, kiosk):
    window, _ = kiosk
    click(qtbot, window.attract.code_button)
    wait_view(qtbot, window, View.CODE)
    screen = window.code_screen
    for size in (PORTRAIT, LANDSCAPE):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: screen.portrait == (s[1] > s[0]), timeout=WAIT_MS)
        qtbot.wait(50)  # the layout's pass
        gap = _top(screen.ok_button, window) - _bottom(screen.keypad.keys["0"], window)
        assert 0 < gap <= 60, (size, gap)
        # the column is centred and no wider than a hand spans comfortably
        left = screen.keypad.keys["1"].mapTo(window, screen.keypad.keys["1"].rect().topLeft())
        right = screen.keypad.keys["C"].mapTo(window, screen.keypad.keys["C"].rect().topRight())
        assert abs((left.x() + right.x()) / 2 - window.width() / 2) < 40
        assert right.x() - left.x() <= 720
        reach = 0.75 if size is PORTRAIT else 1.0  # a portrait panel's bottom is far down
        assert _bottom(screen.ok_button, window) < window.height() * reach


def test_portrait_keeps_each_main_button_a_short_reach_from_its_content(qtbot, kiosk):
    window, sim = kiosk
    window.resize(*PORTRAIT)
    login_card(qtbot, window, sim, OK_CARD)
    qtbot.waitUntil(lambda: window.menu.portrait, timeout=WAIT_MS)
    qtbot.wait(50)
    menu = window.menu
    positions = [menu.grid.getItemPosition(menu.grid.indexOf(t))[:2] for t in menu.tiles]
    assert positions[:3] == [(0, 0), (0, 1), (1, 0)]  # tiles two across on a portrait panel
    lowest_tile = max(_bottom(t, window) for t in menu.tiles)
    assert 0 < _top(menu.logout_button, window) - lowest_tile < 100
    click(qtbot, menu.borrow_button)
    wait_view(qtbot, window, View.BORROW)
    screen = window.borrow_screen
    place_and_wait(qtbot, screen, sim, [HUOZHE, PRINCE])
    qtbot.wait(50)
    gap = _top(screen.confirm_button, window) - _bottom(screen.rows, window)
    assert 0 < gap < 100, gap
    assert _bottom(screen.confirm_button, window) < window.height() * 0.75
