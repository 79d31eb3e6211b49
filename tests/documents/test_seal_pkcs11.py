"""Real seal keys on a PKCS#11 token (DOCUMENT_SEAL_PKCS11_MODULE): no SoftHSM on this machine, so what is
tested is that a misconfigured token path fails loudly and says what to fix, in /healthz and at signing,
never naming the PIN, and never falling back to the demo keys."""

import pytest

from documents import seal
from operations.checks import check_seal


@pytest.fixture
def token(settings, tmp_path):
    settings.DOCUMENT_SEAL_PKCS11_TOKEN = "bureau-seals"
    settings.DOCUMENT_SEAL_PKCS11_PIN = "123456"
    return settings


def test_a_missing_module_is_named(token, world):
    token.DOCUMENT_SEAL_PKCS11_MODULE = "/usr/lib/no-such-pkcs11.so"
    ok, detail = check_seal()
    assert not ok and "no such file /usr/lib/no-such-pkcs11.so" in detail
    with pytest.raises(seal.SealUnavailable, match="no such file"):
        seal.signer_for(world.org("越城区司法局"))


def test_an_empty_token_label_is_named(token, tmp_path):
    module = tmp_path / "libvendor-pkcs11.so"
    module.write_bytes(b"\x7fELF")
    token.DOCUMENT_SEAL_PKCS11_MODULE = str(module)
    token.DOCUMENT_SEAL_PKCS11_TOKEN = ""
    ok, detail = check_seal()
    assert not ok and "DOCUMENT_SEAL_PKCS11_TOKEN is empty" in detail


def test_without_python_pkcs11_the_operator_is_told_what_to_install(token, tmp_path, world):
    module = tmp_path / "libvendor-pkcs11.so"
    module.write_bytes(b"\x7fELF")
    token.DOCUMENT_SEAL_PKCS11_MODULE = str(module)
    try:
        import pkcs11  # noqa: F401
    except ImportError:
        ok, detail = check_seal()
        assert not ok and "pip install 'pyHanko[pkcs11]'" in detail
        with pytest.raises(seal.SealUnavailable) as refused:
            seal.signer_for(world.org("越城区司法局"))
        assert "123456" not in str(refused.value)
    else:  # installed: opening a file that is no PKCS#11 library fails with the token named, not the PIN
        with pytest.raises(seal.SealUnavailable) as refused:
            seal.signer_for(world.org("越城区司法局"))
        assert "bureau-seals" in str(refused.value) and "123456" not in str(refused.value)


def test_the_default_is_reported_as_demo_keys(settings):
    settings.DOCUMENT_SEAL_PKCS11_MODULE = ""
    settings.DOCUMENT_SEAL_DEMO = True
    assert check_seal() == (True, "demo keys")
