"""TLS to the library system, and the ``[sip2]`` settings file."""

from __future__ import annotations

import ipaddress
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from central.sip2.config import Sip2ConfigError, Sip2Settings, load_sip2_settings
from central.sip2.connection import Sip2Unavailable
from central.sip2.simulator import Sip2Simulator


def _self_signed(directory: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / f"{name}.pem", directory / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_tls_to_a_library_system_whose_certificate_the_ca_file_vouches_for(tmp_path, make_client):
    cert, key = _self_signed(tmp_path, "ils")
    other, _ = _self_signed(tmp_path, "impostor-ca")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with Sip2Simulator(tls=context) as sim:
        client = make_client(sim, tls=True, tls_ca=str(cert), username="", password="")
        assert client.patron_status("P001").valid
        with pytest.raises(Sip2Unavailable, match="TLS"):
            make_client(sim, tls=True, tls_ca=str(other), username="", password="").status()
        # Plain SIP2 to a TLS port gets no answer it can read.
        with pytest.raises(Sip2Unavailable):
            make_client(sim, username="", password="", timeout_s=0.3, retries=0).status()


SETTINGS = """
[sip2]
host = "ils.example"
port = 6001
institution = "SZLIB"
location = "KIOSK-01"
username = "selfcheck"
password_env = "TEST_SIP2_PASSWORD"
error_detection = false
encoding = "gb18030"
timeout_s = 2.5
"""


def test_a_settings_file_is_read_with_the_password_from_the_environment(tmp_path):
    path = tmp_path / "sip2.toml"
    path.write_text(SETTINGS, encoding="utf-8")
    settings = load_sip2_settings(path, {"TEST_SIP2_PASSWORD": "pw"})
    assert settings == Sip2Settings(
        host="ils.example",
        port=6001,
        institution="SZLIB",
        location="KIOSK-01",
        username="selfcheck",
        password="pw",
        error_detection=False,
        encoding="gb18030",
        timeout_s=2.5,
    )


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('encoding = "gb18030"', 'encoding = "big5"'), "sip2.encoding"),
        (("port = 6001", "port = 70000"), "sip2.port"),
        (("port = 6001", "port = true"), "sip2.port"),
        (("port = 6001", "prot = 6001"), "sip2.prot"),
        (("timeout_s = 2.5", "timeout_s = 0"), "sip2.timeout_s"),
        (('location = "KIOSK-01"', 'location = "A|B"'), "sip2.location"),
        (("[sip2]", "[ils]"), "sip2"),
        (("timeout_s = 2.5", "timeout_s = 2.5\nretry_min_s = 0"), "sip2.retry_min_s"),
        (
            ("timeout_s = 2.5", "timeout_s = 2.5\nretry_min_s = 60\nretry_max_s = 30"),
            "sip2.retry_max_s",
        ),
        (("timeout_s = 2.5", "timeout_s = 2.5\npatron_timeout_s = 0"), "sip2.patron_timeout_s"),
        (("timeout_s = 2.5", "timeout_s = 2.5\napply_events = 1"), "sip2.apply_events"),
        (
            ("timeout_s = 2.5", "timeout_s = 2.5\npatron_cache_ttl_s = -1"),
            "sip2.patron_cache_ttl_s",
        ),
    ],
)
def test_a_bad_settings_file_names_the_key(tmp_path, change, key):
    path = tmp_path / "sip2.toml"
    path.write_text(SETTINGS.replace(*change), encoding="utf-8")
    with pytest.raises(Sip2ConfigError) as caught:
        load_sip2_settings(path, {"TEST_SIP2_PASSWORD": "pw"})
    assert caught.value.key == key and str(path) in str(caught.value)


def test_a_missing_password_variable_is_refused(tmp_path):
    path = tmp_path / "sip2.toml"
    path.write_text(SETTINGS, encoding="utf-8")
    with pytest.raises(Sip2ConfigError, match="TEST_SIP2_PASSWORD"):
        load_sip2_settings(path, {})


def test_the_apply_and_patron_check_settings_are_read(tmp_path):
    path = tmp_path / "sip2.toml"
    extra = "\napply_events = false\nretry_min_s = 2\nretry_max_s = 60.5\npatron_timeout_s = 1"
    path.write_text(
        SETTINGS.replace("timeout_s = 2.5", "timeout_s = 2.5" + extra + "\npatron_cache_ttl_s = 0"),
        encoding="utf-8",
    )
    settings = load_sip2_settings(path, {"TEST_SIP2_PASSWORD": "pw"})
    assert (settings.apply_events, settings.retry_min_s, settings.retry_max_s) == (False, 2, 60.5)
    assert (settings.patron_timeout_s, settings.patron_cache_ttl_s) == (1, 0)
