"""Audible cues: a rising two-tone chime for success, a low double buzz for errors.

PySide6-Essentials has no QtMultimedia, so the tones are written once as WAV files
(stdlib ``wave``) and played by the system's ``paplay``/``aplay``/``pw-play`` in a
short-lived child process (never blocking the UI thread). A machine without any of these
falls back to the system bell. Every cue is also emitted as :attr:`SoundCues.played`,
which the tests and the service screen observe.
"""

from __future__ import annotations

import logging
import math
import shutil
import struct
import subprocess
import tempfile
import wave
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

RATE = 22050
PLAYERS = ("paplay", "pw-play", "aplay")


class Cue(Enum):
    SUCCESS = "success"
    ERROR = "error"
    ATTENTION = "attention"


# (frequency Hz, duration s) segments; 0 Hz is silence.
_TONES: dict[Cue, tuple[tuple[float, float], ...]] = {
    Cue.SUCCESS: ((880.0, 0.12), (0.0, 0.03), (1320.0, 0.18)),
    Cue.ERROR: ((220.0, 0.18), (0.0, 0.08), (220.0, 0.18)),
    Cue.ATTENTION: ((660.0, 0.15),),
}


def write_tone(path: Path, segments: tuple[tuple[float, float], ...]) -> None:
    frames = bytearray()
    for freq, seconds in segments:
        count = int(RATE * seconds)
        for i in range(count):
            # a short fade in and out avoids clicks
            envelope = min(1.0, i / 200, (count - i) / 200)
            value = math.sin(2 * math.pi * freq * i / RATE) * 0.45 * envelope if freq else 0.0
            frames += struct.pack("<h", int(value * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))


class SoundCues(QObject):
    """Plays cues; ``enabled`` False keeps them silent (tests, benchmarks)."""

    played = Signal(str)

    def __init__(self, enabled: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        self.enabled = enabled
        self._player = next((p for p in PLAYERS if shutil.which(p)), None)
        self._dir = Path(tempfile.mkdtemp(prefix="kiosk-cues-"))
        self._files: dict[Cue, Path] = {}
        self._children: list[subprocess.Popen[bytes]] = []

    def _file(self, cue: Cue) -> Path:
        if cue not in self._files:
            path = self._dir / f"{cue.value}.wav"
            write_tone(path, _TONES[cue])
            self._files[cue] = path
        return self._files[cue]

    def play(self, cue: Cue) -> None:
        self.played.emit(cue.value)
        if not self.enabled:
            return
        self._children = [c for c in self._children if c.poll() is None]
        if self._player is None:
            QApplication.beep()
            return
        try:
            self._children.append(
                subprocess.Popen(
                    [self._player, str(self._file(cue))],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        except OSError as exc:
            log.warning("cannot play cue %s: %s", cue.value, exc)
            QApplication.beep()

    def success(self) -> None:
        self.play(Cue.SUCCESS)

    def error(self) -> None:
        self.play(Cue.ERROR)

    def attention(self) -> None:
        self.play(Cue.ATTENTION)
