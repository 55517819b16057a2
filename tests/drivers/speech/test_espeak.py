"""The real espeak-ng: Chinese and English render to non-empty WAV files, text is never
taken as markup, and without a sound device speaking fails quietly and at once."""

import logging
import shutil
import subprocess
import time
import wave

import pytest

from drivers.speech import EspeakEngine, Utterance, render_wav
from drivers.speech.engine import amplitude, command, ssml

pytestmark = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (scripts/setup)"
)


@pytest.mark.parametrize(
    "text, language",
    [
        ("A03 号柜门已打开，请取书后关门。", "zh"),
        ("Door A03 is open. Take your books, then close it.", "en"),
    ],
)
def test_renders_a_sentence_to_a_wav(tmp_path, text, language):
    path = tmp_path / "said.wav"
    render_wav(Utterance(text, language, 70), path)
    with wave.open(str(path)) as wav:
        seconds = wav.getnframes() / wav.getframerate()
        frames = wav.readframes(wav.getnframes())
    assert 1.0 < seconds < 10.0
    assert any(frames[i] for i in range(0, len(frames), 2))  # not silence


def test_a_refusal_said_twice_lasts_about_twice_as_long(tmp_path):
    once, twice = tmp_path / "once.wav", tmp_path / "twice.wav"
    render_wav(Utterance("读者证已挂失。", "zh", 70), once)
    render_wav(Utterance("读者证已挂失。", "zh", 70, repeat=True), twice)

    def seconds(path):
        with wave.open(str(path)) as wav:
            return wav.getnframes() / wav.getframerate()

    assert seconds(twice) > 2 * seconds(once)


def test_mandarin_voice_reads_characters_and_digits_as_mandarin():
    """The plain cmn voice of espeak-ng 1.51 reads 秒 with the English voice; the chosen
    one reads every syllable as Mandarin (no switch to English in the phonemes)."""
    argv = command(Utterance("16 秒后自动退出。", "zh", 70))
    phonemes = subprocess.run(
        [*argv[:-1], "-q", "-x", argv[-1]], capture_output=True, text=True, check=True
    ).stdout
    assert "(en)" not in phonemes
    assert "l'iou51" in phonemes  # 六, fourth tone


def test_text_is_escaped_not_markup():
    said = ssml(Utterance('<break time="9s"/> & more', "en", 50, repeat=True))
    assert said.count("<break") == 1
    assert "&lt;break" in said and "&amp; more" in said


def test_volume_maps_to_amplitude():
    assert [amplitude(v) for v in (0, 50, 100, 150, -5)] == [0, 100, 200, 200, 0]


def test_no_sound_device_fails_quietly_once(caplog, monkeypatch):
    # No ALSA card and no PulseAudio server here (as in CI): espeak-ng complains and ends.
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent")
    engine = EspeakEngine()
    with caplog.at_level(logging.WARNING, logger="drivers.speech.engine"):
        start = time.monotonic()
        for _ in range(3):
            engine.say(Utterance("Put the books on the pad.", "en", 50))
        assert time.monotonic() - start < 1.0  # never waits for the child
        deadline = time.monotonic() + 10
        while not caplog.records and time.monotonic() < deadline:
            time.sleep(0.05)
        engine.say(Utterance("Put the books on the pad.", "en", 50))
        time.sleep(0.5)
    engine.close()
    if not caplog.records:
        pytest.skip("this machine has a sound device: espeak-ng spoke")
    assert len(caplog.records) == 1


def test_missing_espeak_is_logged_once_and_says_nothing(caplog):
    engine = EspeakEngine(executable="espeak-ng-not-installed")
    with caplog.at_level(logging.WARNING, logger="drivers.speech.engine"):
        engine.say(Utterance("a", "en", 50))
        engine.say(Utterance("b", "en", 50))
    assert len(caplog.records) == 1
