"""Spoken guidance: the speech engine interface, the espeak-ng engine and a recording
stand-in for tests (:mod:`drivers.speech.engine`)."""

from drivers.speech.engine import (
    EspeakEngine,
    RecordingEngine,
    SpeechEngine,
    Utterance,
    render_wav,
)

__all__ = ["EspeakEngine", "RecordingEngine", "SpeechEngine", "Utterance", "render_wav"]
