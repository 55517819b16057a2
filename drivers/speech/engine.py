"""The speech engine: says one sentence at a time, in Chinese or English, offline.

The kiosk speaks through espeak-ng (Debian package ``espeak-ng``), run as a child process
per utterance so the UI thread never waits for it. A new utterance kills the one still
speaking: a new screen interrupts the previous screen's words. espeak-ng plays to the
default sound device itself; on a machine without one (CI, a kiosk whose speaker is
unplugged) it prints an error and ends at once, which is logged once and otherwise
ignored: speaking never crashes or blocks anything.

The Mandarin voice is ``cmn-latn-pinyin``, not ``cmn``: in espeak-ng 1.51 (Debian 12)
``cmn`` turns the characters into pinyin and then reads that pinyin with the English
voice ("秒" came out as English letters), while ``cmn-latn-pinyin`` reads characters,
digits ("16 秒": shi2 liu4 miao3) and compartment names ("A03": A ling2 san1) as
Mandarin with tones (checked with ``espeak-ng -x``, see docs/ui.md).

:class:`RecordingEngine` is the stand-in the tests use: it keeps every utterance.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from xml.sax.saxutils import escape

log = logging.getLogger(__name__)

EXECUTABLE = "espeak-ng"
# espeak-ng voice per kiosk language.
VOICES = {"zh": "cmn-latn-pinyin", "en": "en-us"}
# Words per minute. Mandarin at espeak-ng's own 175 comes out at about 3.2 syllables a
# second (a station announcement's pace; slower drags); English a little below its 175,
# for older people and a noisy station (about 2.3 words a second).
RATE_WPM = {"zh": 175, "en": 150}
# A refusal is said twice with this pause between, so someone who missed the start hears it whole.
REPEAT_PAUSE_MS = 1200
# espeak-ng's amplitude runs 0..200 (100 is its default); the kiosk's volume 0..100.
MAX_AMPLITUDE = 200
RENDER_TIMEOUT_S = 20


@dataclass(frozen=True)
class Utterance:
    """One thing to say: ``text`` in ``language`` ("zh" or "en") at ``volume`` (0..100);
    ``repeat`` says it a second time after a pause (refusals)."""

    text: str
    language: str
    volume: int
    repeat: bool = False


class SpeechEngine(Protocol):
    def say(self, utterance: Utterance) -> None:
        """Start saying ``utterance`` (interrupting what is being said); never blocks."""

    def stop(self) -> None:
        """Stop what is being said, if anything."""

    def close(self) -> None:
        """Stop, and say nothing more."""


def amplitude(volume: int) -> int:
    """The kiosk's volume 0..100 as espeak-ng's amplitude 0..200."""
    return max(0, min(100, volume)) * MAX_AMPLITUDE // 100


def ssml(utterance: Utterance) -> str:
    """The utterance as SSML: the text escaped (it is read, never interpreted), and
    for a repeat a pause and the text again."""
    text = escape(utterance.text)
    if utterance.repeat:
        text = f'{text}<break time="{REPEAT_PAUSE_MS}ms"/>{text}'
    return f"<speak>{text}</speak>"


def command(utterance: Utterance, executable: str = EXECUTABLE) -> list[str]:
    """The espeak-ng command line that says ``utterance`` (add ``-w FILE`` to render)."""
    voice = VOICES.get(utterance.language, VOICES["en"])
    rate = RATE_WPM.get(utterance.language, RATE_WPM["en"])
    return [
        executable,
        "-v",
        voice,
        "-s",
        str(rate),
        "-a",
        str(amplitude(utterance.volume)),
        "-m",  # SSML: the pause of a repeat
        ssml(utterance),
    ]


def render_wav(utterance: Utterance, path: Path) -> None:
    """Render ``utterance`` to a WAV file (22,050 Hz mono) with the real espeak-ng:
    for the recordings in docs/ and the tests. Blocks; raises when espeak-ng fails."""
    found = shutil.which(EXECUTABLE)
    if found is None:
        raise FileNotFoundError(f"{EXECUTABLE} is not installed (apt-get install espeak-ng)")
    argv = command(utterance, found)
    subprocess.run(
        [*argv[:-1], "-w", str(path), argv[-1]],
        check=True,
        capture_output=True,
        timeout=RENDER_TIMEOUT_S,
    )


class EspeakEngine:
    """Says utterances through espeak-ng, one child process at a time."""

    def __init__(self, executable: str = EXECUTABLE):
        self._executable = shutil.which(executable)
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None
        self._closed = False
        self._warned = False

    def say(self, utterance: Utterance) -> None:
        with self._lock:
            self._stop_locked()
            if self._closed:
                return
            if self._executable is None:
                self._warn_once("espeak-ng is not installed: the kiosk does not speak")
                return
            try:
                child = subprocess.Popen(
                    command(utterance, self._executable),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
            except OSError as exc:
                self._warn_once(f"cannot start espeak-ng: {exc}")
                return
            self._child = child
        # Reaps the child and reads its complaints without the caller waiting.
        threading.Thread(
            target=self._watch, args=(child,), name="speech-child", daemon=True
        ).start()

    def _watch(self, child: subprocess.Popen[bytes]) -> None:
        _, err = child.communicate()
        if child.returncode < 0:
            return  # interrupted by the next utterance or by stop()
        complaint = err.decode("utf-8", "replace")
        if child.returncode != 0 or "error" in complaint.lower():
            last = complaint.strip().splitlines()[-1:] or [f"exit code {child.returncode}"]
            self._warn_once(f"espeak-ng could not speak (no sound device?): {last[0]}")

    def _warn_once(self, message: str) -> None:
        if not self._warned:
            self._warned = True
            log.warning("%s", message)

    def _stop_locked(self) -> None:
        child, self._child = self._child, None
        if child is not None and child.poll() is None:
            child.kill()

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._stop_locked()


class RecordingEngine:
    """Keeps every utterance instead of speaking (tests); ``stops`` counts interruptions."""

    def __init__(self) -> None:
        self.said: list[Utterance] = []
        self.stops = 0
        self.closed = False

    def say(self, utterance: Utterance) -> None:
        if not self.closed:
            self.said.append(utterance)

    def stop(self) -> None:
        self.stops += 1

    def close(self) -> None:
        self.closed = True
