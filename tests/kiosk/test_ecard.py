"""QR e-card: the library signs, the kiosk verifies; screenshots die after a minute."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.ecard import (
    MESSAGES,
    EcardBadSignature,
    EcardError,
    EcardExpired,
    EcardMalformed,
    EcardNotYetValid,
    EcardReplayed,
    EcardUnknownKey,
    EcardVerifier,
    generate_keypair,
    issue_ecard,
    public_key_of,
)

ROOT = Path(__file__).resolve().parents[2]
T0 = 1_790_000_000
PRIVATE, PUBLIC = generate_keypair()
OTHER_PRIVATE, OTHER_PUBLIC = generate_keypair()


class Clocks:
    """The kiosk's wall clock and monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.wall = float(T0)
        self.mono = 1000.0

    def advance(self, seconds: float) -> None:
        self.wall += seconds
        self.mono += seconds


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


@pytest.fixture
def verifier(clocks: Clocks) -> EcardVerifier:
    return EcardVerifier(
        {"k2026": PUBLIC},
        validity_s=60,
        skew_s=15,
        wall_clock=lambda: clocks.wall,
        monotonic=lambda: clocks.mono,
    )


def test_valid_ecard_identifies_the_patron(verifier: EcardVerifier) -> None:
    code = issue_ecard("3301000000002", "k2026", PRIVATE, issued_at=T0)
    card = verifier.verify(code)
    assert card.patron_id == "3301000000002"
    assert card.key_id == "k2026"
    assert card.issued_at == T0
    assert len(code) < 160, "must fit a small QR code"
    assert EcardVerifier.looks_like_ecard(code)


def test_reuse_within_validity_is_allowed(verifier: EcardVerifier, clocks: Clocks) -> None:
    code = issue_ecard("3301000000002", "k2026", PRIVATE, issued_at=T0)
    assert verifier.verify(code).patron_id == "3301000000002"
    clocks.advance(30)
    assert verifier.verify(code).patron_id == "3301000000002"


def test_expired_ecard_is_refused(verifier: EcardVerifier, clocks: Clocks) -> None:
    code = issue_ecard("3301000000002", "k2026", PRIVATE, issued_at=T0)
    clocks.advance(60 + 15 - 1)
    verifier.verify(code)
    clocks.advance(2)
    with pytest.raises(EcardExpired):
        verifier.verify(code)


def test_clock_skew_is_tolerated_but_not_far_future(verifier: EcardVerifier) -> None:
    verifier.verify(issue_ecard("3301000000001", "k2026", PRIVATE, issued_at=T0 + 10))
    with pytest.raises(EcardNotYetValid):
        verifier.verify(issue_ecard("3301000000001", "k2026", PRIVATE, issued_at=T0 + 120))


def test_replay_after_expiry_is_refused_even_if_the_kiosk_clock_jumps_back(
    verifier: EcardVerifier, clocks: Clocks
) -> None:
    code = issue_ecard("3301000000001", "k2026", PRIVATE, issued_at=T0)
    verifier.verify(code)
    clocks.advance(600)
    with pytest.raises(EcardReplayed):
        verifier.verify(code)
    # An NTP correction sets the wall clock back to when the code was fresh: the kiosk's
    # monotonic clock still knows this code's time is up.
    clocks.wall = T0 + 5
    with pytest.raises(EcardReplayed):
        verifier.verify(code)
    # A fresh code for the same patron still works.
    assert verifier.verify(issue_ecard("3301000000001", "k2026", PRIVATE, issued_at=T0 + 5))


def test_forged_signature_is_refused(verifier: EcardVerifier) -> None:
    code = issue_ecard("3301000000001", "k2026", PRIVATE, issued_at=T0)
    # Someone edits the patron id and keeps the signature.
    forged = code.replace(".3301000000001.", ".3301000000002.")
    with pytest.raises(EcardBadSignature):
        verifier.verify(forged)
    # Or edits the issue time to stretch its life.
    with pytest.raises(EcardBadSignature):
        verifier.verify(code.replace(f".{T0}.", f".{T0 + 50}."))
    # Or flips one signature character.
    last = code[-2]
    with pytest.raises(EcardBadSignature):
        verifier.verify(code[:-2] + ("A" if last != "A" else "B") + code[-1])


def test_signed_with_a_wrong_key_is_refused(verifier: EcardVerifier) -> None:
    code = issue_ecard("3301000000001", "k2026", OTHER_PRIVATE, issued_at=T0)
    with pytest.raises(EcardBadSignature):
        verifier.verify(code)


def test_unknown_key_id_is_refused(verifier: EcardVerifier) -> None:
    code = issue_ecard("3301000000001", "k2027", OTHER_PRIVATE, issued_at=T0)
    with pytest.raises(EcardUnknownKey):
        verifier.verify(code)


def test_key_rotation_accepts_both_keys(clocks: Clocks) -> None:
    both = EcardVerifier(
        {"k2026": PUBLIC, "k2027": OTHER_PUBLIC},
        wall_clock=lambda: clocks.wall,
        monotonic=lambda: clocks.mono,
    )
    for kid, private in (("k2026", PRIVATE), ("k2027", OTHER_PRIVATE)):
        assert both.verify(issue_ecard("3301000000005", kid, private, T0)).key_id == kid


@pytest.mark.parametrize(
    "text",
    [
        "",
        "9787020002207",
        "LKE1",
        "LKE1.k2026.3301000000001",
        "LKE2.k2026.3301000000001.1790000000.AAAAAAAA." + "A" * 86,
        "LKE1.k2026.3301000000001.1790000000.AAAAAAAA." + "A" * 85,
        "LKE1.k2026.3301 000000001.1790000000.AAAAAAAA." + "A" * 86,
        "LKE1.k2026.3301000000001.-1790000000.AAAAAAAA." + "A" * 86,
        "LKE1.k2026.3301000000001.1790000000.AAAAAAAA." + "A" * 86 + ".x",
        "LKE1.k2026.读者.1790000000.AAAAAAAA." + "A" * 86,
        "\x00\xff garbage",
    ],
)
def test_malformed_codes_are_refused(verifier: EcardVerifier, text: str) -> None:
    with pytest.raises(EcardMalformed):
        verifier.verify(text)


def test_every_refusal_has_a_bilingual_message() -> None:
    for error in (
        EcardMalformed,
        EcardUnknownKey,
        EcardBadSignature,
        EcardExpired,
        EcardNotYetValid,
        EcardReplayed,
    ):
        assert issubclass(error, EcardError)
        zh, en = MESSAGES[error.code]
        assert zh and en


def test_bad_configuration_fails_at_start_up() -> None:
    with pytest.raises(ValueError):
        EcardVerifier({"k": "not-a-key"})
    with pytest.raises(ValueError):
        EcardVerifier({"bad id!": PUBLIC})
    with pytest.raises(ValueError):
        issue_ecard("3301 0001", "k2026", PRIVATE)


def test_kiosk_ecard_command_issues_and_verifies(tmp_path: Path) -> None:
    key_file = tmp_path / "ecard.key"
    key_file.write_text(PRIVATE + "\n")

    def kiosk(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "cli", "ecard", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )

    issued = kiosk("issue", "3301000000003", "--key-id", "k1", "--private-key-file", str(key_file))
    assert issued.returncode == 0, issued.stderr
    code = json.loads(issued.stdout)["ecard"]
    ok = kiosk("verify", code, "--key", f"k1={public_key_of(PRIVATE)}")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["patron_id"] == "3301000000003"
    wrong = kiosk("verify", code, "--key", f"k1={OTHER_PUBLIC}")
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("ecard_bad_signature")


def _stored_verifier(store, clocks: Clocks, boot_id: str = "boot-1") -> EcardVerifier:
    return EcardVerifier(
        {"k2026": PUBLIC},
        memory=store,
        wall_clock=lambda: clocks.wall,
        monotonic=lambda: clocks.mono,
        boot_id=boot_id,
    )


def test_replay_after_a_restart_with_the_clock_set_back_is_refused(store, clocks: Clocks) -> None:
    code = issue_ecard("3301000000001", "k2026", PRIVATE, issued_at=T0)
    _stored_verifier(store, clocks).verify(code)
    # 200 s later the kiosk restarts and its wall clock has been set back 200 s.
    clocks.mono += 200
    restarted = _stored_verifier(store, clocks)
    with pytest.raises(EcardReplayed):
        restarted.verify(code)
    # After a reboot the steady clock starts again: a code from before it is refused too.
    rebooted = _stored_verifier(store, clocks, boot_id="boot-2")
    clocks.mono = 1.0
    with pytest.raises(EcardReplayed):
        rebooted.verify(code)


def test_reuse_within_validity_survives_a_restart(store, clocks: Clocks) -> None:
    code = issue_ecard("3301000000001", "k2026", PRIVATE, issued_at=T0)
    _stored_verifier(store, clocks).verify(code)
    clocks.advance(20)
    assert _stored_verifier(store, clocks).verify(code).patron_id == "3301000000001"
    (row,) = store.query("SELECT digest, boot FROM seen_ecards")
    assert "3301000000001" not in row["digest"] and row["boot"] == "boot-1"


def test_a_second_spelling_of_the_signature_is_refused(verifier: EcardVerifier) -> None:
    """86 base64 characters carry 516 bits for a 512-bit signature: changing the 4 unused
    bits of the last character decodes to the same signature, yet is not the code issued."""
    code = issue_ecard("3301000000001", "k2026", PRIVATE, issued_at=T0)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(code[-1])
    twin = code[:-1] + alphabet[last ^ 0b0001]
    with pytest.raises(EcardBadSignature):
        verifier.verify(twin)
    assert verifier.verify(code).patron_id == "3301000000001"
