"""Render the recordings in docs/speech/: a few of the kiosk's utterances in both
languages, with the real espeak-ng and the settings the kiosk uses (voice, speed,
volume 70, a refusal said twice), compressed with oggenc (Debian's vorbis-tools).

Run from the repository root: ``.venv/bin/python scripts/speech_samples.py``.
The words come from the UI's translation catalogues and ``kiosk.reasons``, as on screen.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drivers.speech import Utterance, render_wav  # noqa: E402
from kiosk.reasons import Reason  # noqa: E402
from ui import i18n  # noqa: E402
from ui.screens.base import fmt  # noqa: E402
from ui.speech import sentences  # noqa: E402

OUT = ROOT / "docs" / "speech"
VOLUME = 70


def samples(lang: str, tr: QTranslator) -> dict[str, Utterance]:
    def t(context: str, source: str) -> str:
        return tr.translate(context, source) or source

    def say(*texts: str, repeat: bool = False) -> Utterance:
        return Utterance(sentences(*texts), lang, VOLUME, repeat)

    refusal = Reason.CREDIT_TOO_LOW
    return {
        "attract": say(
            t(
                "AttractScreen",
                "To start, place your library card on the card reader, or scan the QR e-card "
                "in the library app under the scanner. Picking up with a code? Enter your "
                "pick-up code.",
            )
        ),
        "door": say(
            t("ResultScreen", "Your doors are open"),
            fmt(t("ResultScreen", "Take your books from door %1, then close it."), "A03"),
        ),
        "borrowed": say(
            t("ResultScreen", "Borrowing done"),
            fmt(t("ResultScreen", "%1 of %2 books borrowed."), 3, 3),
        ),
        "refusal": say(refusal.text(lang), refusal.advice(lang), repeat=True),
    }


def main() -> None:
    QCoreApplication([])
    i18n.ensure_compiled()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for lang in i18n.LANGUAGES:
            tr = QTranslator()
            tr.load(str(i18n.qm_path(lang)))
            for name, utterance in samples(lang, tr).items():
                wav = Path(tmp) / f"{name}-{lang}.wav"
                render_wav(utterance, wav)
                ogg = OUT / f"{name}-{lang}.ogg"
                # quality 0 at 16 kHz: a refusal said twice stays well under 100 KB
                subprocess.run(
                    ["oggenc", "-Q", "-q", "0", "--resample", "16000", "-o", str(ogg), str(wav)],
                    check=True,
                )
                size_kb = ogg.stat().st_size // 1024
                sys.stdout.write(f"{ogg.relative_to(ROOT)}: {size_kb} KB  {utterance.text}\n")


if __name__ == "__main__":
    main()
