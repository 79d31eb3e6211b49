"""Parties' identities: a keyed hash to recognise the same party, a masked text to show (个人信息保护法 Art. 51).

A person's name and 身份证号 are never stored: only `party_key` (HMAC-SHA256 under the server's
SECRET_KEY with its own salt; without the key nobody can test guesses against it) and a masked
display. Changing SECRET_KEY changes every key, so the double-penalty rule (行政处罚法 Art. 29) then
only matches records imported after the change; docs/records_centre.md says so.
"""

import re

from django.utils.crypto import salted_hmac

SALT = "enforcement_records.party"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check character of a 身份证号 (ISO 7064 MOD 11-2)."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def is_valid_id_number(value: str) -> bool:
    return bool(re.fullmatch(r"\d{17}[\dX]", value)) and id_check_digit(value[:17]) == value[17]


def uscc_check_char(first17: str) -> str:
    """GB 32100-2015 check character of a 统一社会信用代码."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def is_valid_uscc(value: str) -> bool:
    return (len(value) == 18 and all(c in USCC_CHARS for c in value)
            and uscc_check_char(value[:17]) == value[17])


def keyed_hash(value: str) -> str:
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()


def mask_name(name: str) -> str:
    """王小明 → 王*明, 王明 → 王*, 欧阳小明 → 欧**明."""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id(number: str) -> str:
    """330602199001011234 → 330602********1234 (area code and last four, as on 国家政务服务平台)."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "*" * len(number)


def person_identity(name: str, id_number: str) -> tuple[str, str, str]:
    """(key, display name, id display) for a person; the key is from the ID number, else from the name."""
    if id_number:
        return "p:" + keyed_hash(id_number.upper()), mask_name(name), mask_id(id_number)
    return "pn:" + keyed_hash(name.strip()), mask_name(name), ""


def organization_identity(name: str, credit_code: str) -> tuple[str, str, str]:
    if credit_code:
        return "o:" + credit_code.upper(), name.strip(), credit_code.upper()
    return "on:" + name.strip(), name.strip(), ""
