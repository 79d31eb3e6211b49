"""Document and case numbers: 机关代字 + 文书代字 + 〔year〕 + sequence + 号 (GB/T 9704-2012 7.2.4).

Example: 越司 + 执监通 + 〔2026〕 + 3 + 号 = 越司执监通〔2026〕3号. The year is written in full,
in 六角括号 (U+3014/U+3015); the sequence has no leading zeros and no 第.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import NumberSequence


@dataclass(frozen=True)
class AllocatedNumber:
    sequence: int
    year: int
    text: str

    def __str__(self) -> str:
        return self.text


def format_number(prefix: str, series: str, year: int, sequence: int) -> str:
    return f"{prefix}{series}〔{year}〕{sequence}号"


def allocate_number(*, issuer, series: str, year: int | None = None) -> AllocatedNumber:
    """Take the next number of `issuer`'s `series` for `year` (default: this year, Asia/Shanghai).

    Must run inside the transaction that stores the number: the sequence row stays locked
    until that transaction ends, so concurrent issuers queue and a rollback gives the
    number back (nothing was issued with it), which keeps the sequence gapless.
    """
    if not issuer.doc_prefix:
        raise ValueError(f"{issuer} has no 机关代字 (doc_prefix); set it in the admin before issuing")
    year = year or timezone.localdate().year
    with transaction.atomic():
        sequence = _locked_sequence(issuer, series, year)
        sequence.last_value += 1
        sequence.save(update_fields=["last_value"])
    return AllocatedNumber(
        sequence=sequence.last_value,
        year=year,
        text=format_number(issuer.doc_prefix, series, year, sequence.last_value),
    )


def _locked_sequence(issuer, series: str, year: int) -> NumberSequence:
    qs = NumberSequence.objects.select_for_update()
    try:
        return qs.get(issuer=issuer, series=series, year=year)
    except NumberSequence.DoesNotExist:
        pass
    try:
        # First number of the year: two issuers may race to create the row; the loser's
        # insert fails on the unique constraint and it then waits on the winner's lock.
        with transaction.atomic():
            NumberSequence.objects.create(issuer=issuer, series=series, year=year)
    except IntegrityError:
        pass
    return qs.get(issuer=issuer, series=series, year=year)
