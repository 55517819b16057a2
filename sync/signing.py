"""Ed25519 signatures on commands: the central service signs, terminals verify.

The signature covers the UTF-8 bytes of the command body exactly as the signer serialised
them; the envelope carries that body as a string, so the verifier never re-serialises JSON
(re-serialised JSON is not byte-stable). Terminals hold only public keys, so a compromised
terminal cannot forge commands for the others.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sync import contract


class SignatureError(ValueError):
    """A command envelope that fails verification; ``reason`` is the result-report reason."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class Signer:
    """Holds the central service's private key and its key id."""

    def __init__(self, key_id: str, private_key: Ed25519PrivateKey) -> None:
        self.key_id = key_id
        self._key = private_key

    @classmethod
    def from_pem_file(cls, key_id: str, path: str | Path) -> Signer:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path}: not an Ed25519 private key")
        return cls(key_id, key)

    def public_key_b64(self) -> str:
        return public_key_to_b64(self._key.public_key())

    def sign(self, body: Mapping[str, Any]) -> bytes:
        """Serialise ``body`` once, sign those bytes, return the envelope's wire bytes."""
        body_text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        sig = self._key.sign(body_text.encode("utf-8"))
        envelope = {
            "v": 1,
            "kid": self.key_id,
            "sig": base64.b64encode(sig).decode("ascii"),
            "body": body_text,
        }
        return contract.encode(envelope)


def public_key_to_b64(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def public_key_from_b64(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"not a base64 raw Ed25519 public key: {exc}") from exc


def generate_key_files(private_path: str | Path) -> str:
    """Write a new PEM private key (mode 0600); return the public key as base64."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = Path(private_path)
    path.touch(mode=0o600, exist_ok=False)
    path.write_bytes(pem)
    return public_key_to_b64(key.public_key())


class Verifier:
    """A terminal's trust store: key id -> public key."""

    def __init__(self, trusted: Mapping[str, Ed25519PublicKey | str]) -> None:
        self._trusted = {
            kid: public_key_from_b64(key) if isinstance(key, str) else key
            for kid, key in trusted.items()
        }

    def open(self, payload: bytes) -> tuple[str, str]:
        """Verify an envelope; return (key id, body text) on success.

        Raises ContractError for a malformed envelope and SignatureError with the reason
        ``unknown_key`` or ``bad_signature``. The body is returned as text and parsed by
        the caller only after verification.
        """
        envelope = contract.decode("command-envelope", payload)
        key = self._trusted.get(envelope["kid"])
        if key is None:
            raise SignatureError("unknown_key", f"key id {envelope['kid']!r} is not trusted")
        try:
            key.verify(base64.b64decode(envelope["sig"]), envelope["body"].encode("utf-8"))
        except InvalidSignature as exc:
            raise SignatureError("bad_signature", "signature does not verify") from exc
        return envelope["kid"], envelope["body"]
