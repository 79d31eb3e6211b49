"""发文字号: 机关代字 + 文书代字 + 〔year〕 + sequence + 号; gapless, never reused, safe under concurrency."""

import threading

import pytest
from django.db import connection, transaction

from documents.models import Document
from documents.numbering import allocate_number
from documents.services import void_document

from .factories import issue

# Without django_capture_on_commit_callbacks the rendering task is never enqueued: these tests
# are about numbers only.


def test_notice_number_reads_like_an_official_document_number(world):
    notice = issue(world, "supervision_notice")
    assert notice.number == f"越司执监通〔{notice.issue_date.year}〕1号"


def test_each_kind_has_its_own_series_at_the_same_issuer(world):
    year = issue(world, "supervision_notice").year
    assert issue(world, "coordination_opinion").number == f"越司协〔{year}〕1号"
    assert issue(world, "joint_enforcement_proposal").number == f"越司联建〔{year}〕1号"
    # The served kinds came with their 送达回证 (1 + 2 + 2 so far): the receipts have their own series.
    assert issue(world, "proof_of_service").number == f"越司送〔{year}〕6号"
    assert issue(world, "decision_request").number == f"越司请〔{year}〕1号"
    assert issue(world, "supervision_notice").number == f"越司执监通〔{year}〕2号"


def test_the_government_numbers_its_decisions_in_its_own_series(world):
    decision = issue(world, "supervision_decision")
    assert decision.number == f"越政执监决〔{decision.year}〕1号"


def test_each_year_starts_again_at_one(world):
    with transaction.atomic():
        assert allocate_number(issuer=world.org("越城区司法局"), series="执监通", year=2027).text == "越司执监通〔2027〕1号"
        assert allocate_number(issuer=world.org("越城区司法局"), series="执监通", year=2027).text == "越司执监通〔2027〕2号"
        assert allocate_number(issuer=world.org("越城区司法局"), series="执监通", year=2028).text == "越司执监通〔2028〕1号"


def test_a_rolled_back_issue_gives_its_number_back_so_the_series_has_no_gap(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(world)
        raise RuntimeError("the supervision case step failed after numbering")
    assert not Document.objects.exists()
    assert issue(world).sequence == 1


def test_a_voided_number_is_never_reused(world):
    first = issue(world)
    void_document(first, reason="送达对象写错", acting_user=world.user("yuecheng.leader"))
    second = issue(world)
    assert second.sequence == first.sequence + 1
    assert Document.objects.get(pk=first.pk).status == Document.Status.VOID


@pytest.mark.django_db(transaction=True)
def test_eighty_numbers_issued_at_once_from_eight_threads_have_no_duplicate_and_no_gap(transactional_world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (set DATABASE_URL)")
    issuer = transactional_world.org("越城区司法局")
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def worker():
        try:
            start.wait()
            for _ in range(10):
                with transaction.atomic():
                    number = allocate_number(issuer=issuer, series="执监通", year=2026)
                with lock:
                    numbers.append(number.sequence)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 81))
