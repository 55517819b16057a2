"""Service mode's voice settings: the spoken guidance's volume and a "test voice" button.

A row on the service screen's device page. The volume moves in steps of
:data:`VOLUME_STEP`; each change is stored and audited by the speech controller
(``host.speech``), and the row shows the stored value once it is stored.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from ui.screens.base import button, fmt, label
from ui.screens.host import ScreenHost

VOLUME_STEP = 10


class VoiceSettings(QWidget):
    def __init__(self, host: ScreenHost):
        super().__init__()
        self.host = host
        self.volume_label = label(wrap=False)
        self.quieter_button = button(name="quieter")
        self.louder_button = button(name="louder")
        self.test_button = button(name="test voice")
        for b in (self.quieter_button, self.louder_button):
            b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.quieter_button.clicked.connect(lambda: self._step(-VOLUME_STEP))
        self.louder_button.clicked.connect(lambda: self._step(VOLUME_STEP))
        self.test_button.clicked.connect(host.speech.test_voice)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.volume_label, 1)
        row.addWidget(self.quieter_button)
        row.addWidget(self.louder_button)
        row.addWidget(self.test_button)
        self.retranslate()

    def _step(self, change: int) -> None:
        volume = max(0, min(100, self.host.speech.volume + change))
        self.host.speech.set_volume(volume, self.retranslate)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        volume = self.host.speech.volume
        self.volume_label.setText(fmt(self.tr("Voice volume: %1 of 100"), volume))
        self.quieter_button.setText(self.tr("Quieter"))
        self.louder_button.setText(self.tr("Louder"))
        self.test_button.setText(self.tr("Test voice"))
        self.quieter_button.setEnabled(volume > 0)
        self.louder_button.setEnabled(volume < 100)
