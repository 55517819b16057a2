"""Reads an ESC/POS byte stream back into what a printer would put on paper.

Used by the printer simulator (and so by the tests) to check what was really sent:
text lines (decoded in the printer's current character mode: GB18030 after ``FS &``,
code page 437 otherwise), native QR symbols (``GS ( k``, with their declared lengths
checked), raster images (``GS v 0``, size checked) and cuts. Real-time status requests
(``DLE EOT n``) are reported as events so that the simulator can answer them.

The parser is strict: an unknown or malformed command raises :class:`EscPosError`, so a
renderer bug shows up as a failed test instead of garbage on paper. It is fed byte
chunks of any size; a command split across chunks waits for its remaining bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS, FS, DLE, LF = 0x1B, 0x1D, 0x1C, 0x10, 0x0A


class EscPosError(ValueError):
    """The stream holds a command the printer would not understand as sent."""


@dataclass(frozen=True)
class Text:
    line: str
    align: str
    big: bool


@dataclass(frozen=True)
class Qr:
    payload: str
    size: int
    ec: str


@dataclass(frozen=True)
class Raster:
    width_px: int
    height_px: int
    data: bytes


@dataclass(frozen=True)
class Cut:
    partial: bool


@dataclass(frozen=True)
class StatusRequest:
    n: int


Event = Text | Qr | Raster | Cut | StatusRequest


@dataclass
class PrintedDocument:
    """Everything printed up to one cut."""

    lines: list[str] = field(default_factory=list)
    qr_payloads: list[str] = field(default_factory=list)
    images: list[Raster] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class _NeedMore(Exception):
    pass


# ESC commands with one parameter byte: ! (mode), E (bold), a (align), t (code page),
# { (upside down), - (underline), M (font), d (feed lines), G (double strike), J (feed dots).
_ESC_ONE_BYTE = set(b"!Eat{-MdGJ")
# GS commands with one parameter byte: ! (size), b (smoothing), B (reverse).
_GS_ONE_BYTE = set(b"!bB")
_EC_LEVELS = {0x30: "L", 0x31: "M", 0x32: "Q", 0x33: "H"}


class EscPosParser:
    def __init__(self) -> None:
        self._buffer = bytearray()
        self._reset()

    def _reset(self) -> None:
        """The printer's state after power-on or ESC @."""
        self._line = bytearray()
        self.chinese_mode = False
        self.align = "left"
        self.big = False
        self._qr_data: bytes | None = None
        self._qr_size = 3
        self._qr_ec = "L"

    def feed(self, data: bytes) -> list[Event]:
        self._buffer += data
        events: list[Event] = []
        while self._buffer:
            try:
                used, event = self._one(self._buffer)
            except _NeedMore:
                break
            del self._buffer[:used]
            if event is not None:
                events.append(event)
        return events

    @property
    def pending(self) -> int:
        """Bytes held back waiting for the rest of a command."""
        return len(self._buffer) + len(self._line)

    def _need(self, buf: bytearray, n: int) -> None:
        if len(buf) < n:
            raise _NeedMore

    def _one(self, buf: bytearray) -> tuple[int, Event | None]:
        b = buf[0]
        if b == LF:
            return 1, self._end_line()
        if b == ESC:
            return self._esc(buf)
        if b == GS:
            return self._gs(buf)
        if b == FS:
            self._need(buf, 2)
            if buf[1] == 0x26:
                self.chinese_mode = True
                return 2, None
            if buf[1] == 0x2E:
                self.chinese_mode = False
                return 2, None
            raise EscPosError(f"unknown command FS {buf[1]:02X}")
        if b == DLE:
            self._need(buf, 3)
            if buf[1] != 0x04 or buf[2] not in (1, 2, 3, 4):
                raise EscPosError(f"unknown real-time command DLE {buf[1]:02X} {buf[2]:02X}")
            return 3, StatusRequest(buf[2])
        if b < 0x20:
            raise EscPosError(f"unexpected control byte {b:02X}")
        self._line.append(b)
        return 1, None

    def _end_line(self) -> Text:
        raw, self._line = bytes(self._line), bytearray()
        try:
            line = raw.decode("gb18030" if self.chinese_mode else "cp437")
        except UnicodeDecodeError as exc:
            raise EscPosError(f"text is not valid GB18030: {raw.hex()}") from exc
        return Text(line, self.align, self.big)

    def _esc(self, buf: bytearray) -> tuple[int, Event | None]:
        self._need(buf, 2)
        cmd = buf[1]
        if cmd == 0x40:  # ESC @ initialise
            self._reset()
            return 2, None
        if cmd in _ESC_ONE_BYTE:
            self._need(buf, 3)
            n = buf[2]
            event: Event | None = None
            if cmd == ord("a"):
                if n not in (0, 1, 2, 48, 49, 50):
                    raise EscPosError(f"ESC a {n}: bad alignment")
                self.align = ("left", "center", "right")[n % 48]
            elif cmd == ord("!"):
                self.big = bool(n & 0x30)
            elif cmd == ord("d") and self._line:
                event = self._end_line()
            return 3, event
        raise EscPosError(f"unknown command ESC {cmd:02X}")

    def _gs(self, buf: bytearray) -> tuple[int, Event | None]:
        self._need(buf, 2)
        cmd = buf[1]
        if cmd in _GS_ONE_BYTE:
            self._need(buf, 3)
            return 3, None
        if cmd == 0x56:  # GS V m [n]: cut
            self._need(buf, 3)
            m = buf[2]
            if m in (0, 1, 48, 49):
                return 3, Cut(partial=m in (1, 49))
            if m in (65, 66):
                self._need(buf, 4)
                return 4, Cut(partial=m == 66)
            raise EscPosError(f"GS V {m}: bad cut mode")
        if cmd == 0x28:  # GS ( k pL pH cn fn ...
            self._need(buf, 5)
            if buf[2] != 0x6B:
                raise EscPosError(f"unknown command GS ( {buf[2]:02X}")
            length = buf[3] | buf[4] << 8
            self._need(buf, 5 + length)
            return 5 + length, self._qr(bytes(buf[5 : 5 + length]))
        if cmd == 0x76:  # GS v 0 m xL xH yL yH data
            self._need(buf, 8)
            if buf[2] != 0x30 or buf[3] not in (0, 1, 2, 3, 48, 49, 50, 51):
                raise EscPosError("GS v: bad raster mode")
            width_bytes = buf[4] | buf[5] << 8
            height = buf[6] | buf[7] << 8
            if not 0 < width_bytes <= 128 or not 0 < height <= 4800:
                raise EscPosError(f"GS v 0: bad size {width_bytes} x {height}")
            size = width_bytes * height
            self._need(buf, 8 + size)
            return 8 + size, Raster(width_bytes * 8, height, bytes(buf[8 : 8 + size]))
        raise EscPosError(f"unknown command GS {cmd:02X}")

    def _qr(self, params: bytes) -> Event | None:
        if len(params) < 2 or params[0] != 0x31:
            raise EscPosError(f"GS ( k: not a QR code function: {params[:2].hex()}")
        fn, args = params[1], params[2:]
        if fn == 0x41:  # model
            if len(args) != 2 or args[0] not in (0x31, 0x32):
                raise EscPosError("GS ( k QR model: pL/pH or model wrong")
        elif fn == 0x43:  # module size
            if len(args) != 1 or not 1 <= args[0] <= 16:
                raise EscPosError("GS ( k QR size: pL/pH or size wrong")
            self._qr_size = args[0]
        elif fn == 0x45:  # error correction
            if len(args) != 1 or args[0] not in _EC_LEVELS:
                raise EscPosError("GS ( k QR error correction: pL/pH or level wrong")
            self._qr_ec = _EC_LEVELS[args[0]]
        elif fn == 0x50:  # store data
            if len(args) < 2 or args[0] != 0x30:
                raise EscPosError("GS ( k QR store: m must be 48 and data non-empty")
            self._qr_data = args[1:]
        elif fn == 0x51:  # print
            if args != b"\x30":
                raise EscPosError("GS ( k QR print: pL/pH or m wrong")
            if self._qr_data is None:
                raise EscPosError("GS ( k QR print without stored data")
            data, self._qr_data = self._qr_data, None
            try:
                payload = data.decode("utf-8")
            except UnicodeDecodeError:
                raise EscPosError(f"GS ( k QR data is not UTF-8: {data[:32].hex()}") from None
            return Qr(payload, self._qr_size, self._qr_ec)
        else:
            raise EscPosError(f"GS ( k QR function {fn:02X} not supported")
        return None


def split_documents(events: list[Event]) -> tuple[list[PrintedDocument], PrintedDocument]:
    """Group events into documents at each cut: (finished documents, the one in progress)."""
    done: list[PrintedDocument] = []
    current = PrintedDocument()
    for event in events:
        add_event(current, event)
        if isinstance(event, Cut):
            done.append(current)
            current = PrintedDocument()
    return done, current


def add_event(document: PrintedDocument, event: Event) -> None:
    if isinstance(event, StatusRequest):
        return
    document.events.append(event)
    if isinstance(event, Text):
        document.lines.append(event.line)
    elif isinstance(event, Qr):
        document.qr_payloads.append(event.payload)
    elif isinstance(event, Raster):
        document.images.append(event)
