"""Loan, return, renew and pick-up receipts, rendered to ESC/POS bytes.

A :class:`Receipt` is what the flows hand to the printer; :func:`render_receipt` turns it
into the byte stream for an 80 mm ESC/POS printer (42 columns in font A), built with
python-escpos' command set (``Dummy`` collects the bytes). Chinese text is printed one of
two ways, chosen per site:

* ``cjk="gb18030"`` (default): ``FS &`` switches the printer to its Chinese character
  mode and text is sent in GB18030, which every printer sold in mainland China
  understands (ASCII stays ASCII, so due dates and ids print the same way);
* ``cjk="image"``: lines with non-ASCII characters are rendered with a CJK font
  (WenQuanYi Micro Hei) into a raster image (``GS v 0``), for printers without a Chinese
  font; ASCII lines stay text.

The QR code is the native ``GS ( k`` model 2 symbol, error correction M.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import drivers.printer.escpos_import  # noqa: F401  (before escpos: see that module)

# isort: split
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

if TYPE_CHECKING:
    from PIL import Image

KINDS: dict[str, tuple[str, str]] = {
    "loan": ("借书凭条", "Loan receipt"),
    "return": ("还书凭条", "Return receipt"),
    "renew": ("续借凭条", "Renewal receipt"),
    "pickup": ("预约取书凭条", "Hold pick-up receipt"),
}
# What a line without a due date means, per kind.
NO_DUE_LABEL: dict[str, str] = {
    "loan": "未借出 Not lent",
    "return": "已还 Returned",
    "renew": "未续借 Not renewed",
    "pickup": "已取 Collected",
}
DEFAULT_COLUMNS = 42
CJK_MODES = ("gb18030", "image")
FS_CHINESE_MODE_ON = b"\x1c\x26"
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
CJK_FONT_PX = 24
PRINT_WIDTH_PX = 512


@dataclass(frozen=True)
class Receipt:
    """One receipt. ``patron_masked`` must already be masked (``****1234``): a receipt
    left in the tray must not give away a card number. ``lines`` are (title, due date
    or None)."""

    site_name: str
    kind: str
    patron_masked: str
    lines: tuple[tuple[str, date | None], ...]
    receipt_id: str
    issued_at: datetime
    qr_payload: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"receipt kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if not self.patron_masked.startswith("****") or len(self.patron_masked) > 8:
            raise ValueError("receipt patron id must be masked (kiosk.privacy.mask_patron_id)")
        if not self.qr_payload or len(self.qr_payload.encode("utf-8")) > 700:
            raise ValueError("receipt QR payload must be 1..700 bytes")
        object.__setattr__(self, "lines", tuple((t, d) for t, d in self.lines))


def display_width(text: str) -> int:
    """Columns ``text`` takes on the printer: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, columns: int) -> list[str]:
    """Cut ``text`` into lines of at most ``columns`` printer columns."""
    lines: list[str] = []
    current = ""
    for ch in text:
        if display_width(current + ch) > columns:
            # Break Latin titles at the last space rather than inside a word.
            head, space, tail = current.rpartition(" ")
            if space and display_width(head) >= columns // 2:
                lines.append(head)
                current = tail
            else:
                lines.append(current)
                current = ""
        current += ch
    if current or not lines:
        lines.append(current)
    return lines


class _Writer:
    """Text lines in the site's CJK mode, on top of python-escpos' command builder."""

    def __init__(self, cjk: str, columns: int):
        if cjk not in CJK_MODES:
            raise ValueError(f"cjk must be one of {', '.join(CJK_MODES)}, not {cjk!r}")
        self.cjk = cjk
        self.columns = columns
        self.p = Dummy(profile="TM-T88III")
        self.p.hw("INIT")
        if cjk == "gb18030":
            self.p._raw(FS_CHINESE_MODE_ON)
        self._font = None

    def line(self, text: str, *, center: bool = False, big: bool = False) -> None:
        self.p.set(
            align="center" if center else "left",
            bold=big,
            double_height=big,
            double_width=big,
            normal_textsize=not big,
        )
        columns = self.columns // 2 if big else self.columns
        for part in wrap(text, columns):
            if self.cjk == "image" and not part.isascii():
                self.p.image(self._render(part, big), impl="bitImageRaster", center=center)
            else:
                self.p._raw(part.encode("gb18030" if self.cjk == "gb18030" else "ascii") + b"\n")

    def _render(self, text: str, big: bool) -> Image.Image:
        # Pillow comes with python-escpos; imported here so text-mode sites never load it.
        from PIL import Image, ImageDraw, ImageFont

        size = CJK_FONT_PX * (2 if big else 1)
        font = ImageFont.truetype(CJK_FONT, size)
        left, top, right, bottom = font.getbbox(text)
        # A FreeType font's box is whole pixels (typed float for every kind of font).
        width = min(PRINT_WIDTH_PX, max(8, int(right - left) + 2))
        image = Image.new("1", (width, size + 4), 1)
        ImageDraw.Draw(image).text(
            (-left + 1, 2 - top + (size - (bottom - top)) // 2), text, font=font, fill=0
        )
        return image

    def qr(self, payload: str) -> None:
        self.p.set(align="center", normal_textsize=True)
        self.p.qr(payload, native=True, size=6, ec=QR_ECLEVEL_M)

    def finish(self) -> bytes:
        self.p.cut()
        return bytes(self.p.output)


def render_receipt(
    receipt: Receipt, *, cjk: str = "gb18030", columns: int = DEFAULT_COLUMNS
) -> bytes:
    """The ESC/POS bytes of ``receipt``."""
    w = _Writer(cjk, columns)
    zh, en = KINDS[receipt.kind]
    w.line(receipt.site_name, center=True, big=True)
    w.line(f"{zh} {en}", center=True)
    w.line("-" * columns)
    w.line(f"读者 Patron: {receipt.patron_masked}")
    w.line(f"时间 Time: {receipt.issued_at:%Y-%m-%d %H:%M}")
    w.line("-" * columns)
    for number, (title, due) in enumerate(receipt.lines, start=1):
        w.line(f"{number}. {title}")
        if due is not None:
            label = "应还 Due" if receipt.kind != "pickup" else "归还 Due"
            w.line(f"   {label}: {due:%Y-%m-%d}")
        else:
            w.line(f"   {NO_DUE_LABEL[receipt.kind]}")
    w.line("-" * columns)
    w.line(f"共 {len(receipt.lines)} 册 Items: {len(receipt.lines)}")
    w.qr(receipt.qr_payload)
    w.line(f"凭条号 Receipt: {receipt.receipt_id}", center=True)
    return w.finish()
