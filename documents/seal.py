"""The electronic seal: every issued PDF is signed (PAdES, pyHanko) with the issuing bureau's key.

Where the keys come from (settings.DOCUMENT_SEAL_*):

- **PKCS#11** (a hardware token or HSM, as real seals are kept): `DOCUMENT_SEAL_PKCS11_MODULE` names the
  module (.so); the token label is `DOCUMENT_SEAL_PKCS11_TOKEN`, the PIN `DOCUMENT_SEAL_PKCS11_PIN`, and
  each bureau's key and certificate are labelled with the organisation's id (`org-<id>`).
- **Files**: `<DOCUMENT_SEAL_DIR>/org-<id>/key.pem` + `cert.pem` (+ `chain.pem`, the CA certificates).
- **Demo** (`DOCUMENT_SEAL_DEMO`, on by default): a demo CA ("绍兴演示电子印章 CA", var/seal/demo-ca) and a
  key per bureau are generated on first use (`seed_demo` prepares them). The demo CA is the trust
  anchor of the verification here; a real deployment lists its CA in `DOCUMENT_SEAL_TRUST_ROOTS`.

The seal image (`<DOCUMENT_SEAL_DIR>/org-<id>/seal.png`), when a bureau provides one, is printed over
the issuer's name and date as GB/T 9704-2012 7.3.5 places it; otherwise no seal is drawn at all.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import io
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

DEMO_CA_NAME = "绍兴演示电子印章 CA"
_lock = threading.Lock()


class SealUnavailable(Exception):
    """The bureau has no signing key (no file, no token entry, demo keys switched off)."""


@dataclass(frozen=True)
class SignedPdf:
    data: bytes
    subject: str


def seal_dir() -> Path:
    return Path(settings.DOCUMENT_SEAL_DIR)


def org_dir(organization) -> Path:
    return seal_dir() / f"org-{organization.pk}"


def seal_image(organization) -> Path | None:
    path = org_dir(organization) / "seal.png"
    return path if path.is_file() else None


# --- Demo CA and bureau keys -------------------------------------------------------------------------

def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _fit(text: str, limit: int = 64) -> str:
    """X.509 caps O and CN at 64 bytes of UTF-8 (21 Chinese characters): keep whole characters that fit."""
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    return text


def _name(common_name: str, organization_name: str):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organization_name)),
        x509.NameAttribute(NameOID.COMMON_NAME, _fit(common_name)),
    ])


def _pem(key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def ensure_demo_ca() -> tuple[Path, Path]:
    """The demo CA's key and certificate (generated once, kept under DOCUMENT_SEAL_DIR/demo-ca)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    directory = seal_dir() / "demo-ca"
    key_path, cert_path = directory / "ca-key.pem", directory / "ca-cert.pem"
    with _lock:
        if key_path.is_file() and cert_path.is_file():
            return key_path, cert_path
        key = ec.generate_private_key(ec.SECP256R1())
        name = _name(DEMO_CA_NAME, "演示数据（非正式印章）")
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        _write_private(key_path, _pem(key))
        _write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM))
        return key_path, cert_path


def _demo_seal_name(organization_name: str) -> str:
    # A long bureau name (越城区综合行政执法指导办公室) leaves no room for "电子印章" in 64 bytes: the name
    # comes first, the demo mark after it when it fits.
    for candidate in (f"{organization_name}电子印章（演示）", f"{organization_name}（演示）"):
        if len(candidate.encode("utf-8")) <= 64:
            return candidate
    return organization_name


def ensure_demo_key(organization) -> Path:
    """A demo key and certificate for one bureau, issued by the demo CA (generated on first use)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    directory = org_dir(organization)
    if (directory / "key.pem").is_file() and (directory / "cert.pem").is_file():
        return directory
    ca_key_path, ca_cert_path = ensure_demo_ca()
    with _lock:
        if (directory / "key.pem").is_file() and (directory / "cert.pem").is_file():
            return directory
        ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), None)
        ca_cert = x509.load_pem_x509_certificate(ca_cert_path.read_bytes())
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder().subject_name(_name(_demo_seal_name(organization.name), organization.name))
            .issuer_name(ca_cert.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1825))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        _write_private(directory / "cert.pem", cert.public_bytes(serialization.Encoding.PEM))
        _write_private(directory / "chain.pem", ca_cert_path.read_bytes())
        _write_private(directory / "key.pem", _pem(key))  # last: its presence means the set is complete
    logger.info("demo seal key generated for %s (%s)", organization.name, directory)
    return directory


# --- Signing ---------------------------------------------------------------------------------------

@functools.cache
def _file_signer(directory: str, mtime: int):
    from pyhanko.sign import signers

    path = Path(directory)
    chain = [str(path / "chain.pem")] if (path / "chain.pem").is_file() else []
    passphrase = os.environ.get("DOCUMENT_SEAL_KEY_PASSPHRASE")
    return signers.SimpleSigner.load(
        str(path / "key.pem"), str(path / "cert.pem"), ca_chain_files=chain,
        key_passphrase=passphrase.encode() if passphrase else None,
    )


def pkcs11_problem() -> str | None:
    """What keeps the PKCS#11 path configured in settings from working, in words an operator can act on
    (None: nothing found before opening the token). /healthz reports it as `seal`."""
    module = settings.DOCUMENT_SEAL_PKCS11_MODULE
    if not module:
        return None
    if not Path(module).is_file():
        return f"DOCUMENT_SEAL_PKCS11_MODULE: no such file {module} (the token vendor's PKCS#11 library, .so)"
    if not settings.DOCUMENT_SEAL_PKCS11_TOKEN:
        return "DOCUMENT_SEAL_PKCS11_TOKEN is empty: set the label of the token holding the bureaus' keys"
    try:
        import pkcs11  # noqa: F401  (python-pkcs11, pyHanko's PKCS#11 backend)
    except ImportError:
        return "python-pkcs11 is not installed: pip install 'pyHanko[pkcs11]' (see docs/documents.md)"
    return None


def _pkcs11_signer(organization):
    """The bureau's key on the token: certificate and private key both labelled `org-<id>`."""
    problem = pkcs11_problem()
    if problem:
        raise SealUnavailable(problem)
    from pyhanko.sign import pkcs11

    token = settings.DOCUMENT_SEAL_PKCS11_TOKEN
    try:
        session = pkcs11.open_pkcs11_session(settings.DOCUMENT_SEAL_PKCS11_MODULE, token_label=token,
                                             user_pin=settings.DOCUMENT_SEAL_PKCS11_PIN or None)
    except Exception as exc:  # noqa: BLE001 - the library's errors (no token, wrong PIN) name no setting
        # Never the PIN in a message.
        raise SealUnavailable(f"PKCS#11 token {token!r} in {settings.DOCUMENT_SEAL_PKCS11_MODULE} could not be "
                              f"opened ({exc.__class__.__name__}): check the token label and the PIN") from exc
    label = f"org-{organization.pk}"
    try:
        return pkcs11.PKCS11Signer(session, cert_label=label, key_label=label)
    except Exception as exc:  # noqa: BLE001
        raise SealUnavailable(f"{organization.name}: no key/certificate labelled {label!r} on token {token!r} "
                              f"({exc.__class__.__name__})") from exc


def signer_for(organization):
    if settings.DOCUMENT_SEAL_PKCS11_MODULE:
        return _pkcs11_signer(organization)
    directory = org_dir(organization)
    if not (directory / "key.pem").is_file():
        if not settings.DOCUMENT_SEAL_DEMO:
            raise SealUnavailable(f"{organization.name}: no seal key in {directory}")
        ensure_demo_key(organization)
    return _file_signer(str(directory), (directory / "key.pem").stat().st_mtime_ns)


def _subject(signer) -> str:
    cert = signer.signing_cert
    return cert.subject.human_friendly if cert is not None else ""


def _off_event_loop(call):
    """Run `call` where pyHanko may start its own event loop: its synchronous API uses asyncio.run(),
    which refuses to run inside a thread whose loop is already running (an eager task called from an
    async context, such as Playwright's in the browser tests). Then a short-lived thread runs it."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def sign_pdf(pdf: bytes, organization, *, reason: str = "", location: str = "") -> SignedPdf:
    """`pdf` signed (PAdES B-B, SHA-256) with the organisation's seal key, as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signer_for(organization)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name="Seal", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None, location=location or None, name=organization.name,
    )
    out = _off_event_loop(lambda: signers.PdfSigner(meta, signer=signer).sign_pdf(writer, in_place=False))
    return SignedPdf(data=out.getvalue(), subject=_subject(signer))


# --- Verification ------------------------------------------------------------------------------------

def trust_roots() -> list:
    from asn1crypto import pem, x509

    paths = [Path(p) for p in settings.DOCUMENT_SEAL_TRUST_ROOTS]
    if settings.DOCUMENT_SEAL_DEMO:
        paths.append(seal_dir() / "demo-ca" / "ca-cert.pem")
    roots = []
    for path in paths:
        if path.is_file():
            data = path.read_bytes()
            if pem.detect(data):
                _type, _headers, data = pem.unarmor(data)
            roots.append(x509.Certificate.load(data))
    return roots


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool
    intact: bool  # the signed bytes are unchanged
    trusted: bool  # the signer's certificate chains to a trusted root
    covers_whole_file: bool  # nothing was appended after signing
    signer: str

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.trusted and self.covers_whole_file


def check_signature(pdf: bytes) -> SignatureCheck:
    """Validate the seal of an uploaded PDF: integrity, trust (our roots) and coverage."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any unreadable upload is simply "not signed"
        return SignatureCheck(False, False, False, False, "")
    if not signatures:
        return SignatureCheck(False, False, False, False, "")
    signature = signatures[-1]
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    try:
        status = _off_event_loop(lambda: validate_pdf_signature(signature, context))
    except Exception:  # noqa: BLE001 - a malformed signature is reported as not intact
        logger.warning("uploaded PDF: signature could not be validated", exc_info=True)
        return SignatureCheck(True, False, False, False, "")
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    return SignatureCheck(
        signed=True, intact=bool(status.intact and status.valid), trusted=bool(status.trusted),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
    )
