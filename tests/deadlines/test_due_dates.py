"""Due dates counted as 民法典 Art. 201/203 require, checked against the State Council schedules
of 2025 (国办发明电〔2024〕12号) and 2026 (国办发明电〔2025〕7号) — documents-and-deadlines.md §3."""

from datetime import date

import pytest

from deadlines.calendar import compute_due_date

pytestmark = pytest.mark.django_db

CASES = [
    # received, days, due, why
    (date(2025, 3, 3), 30, date(2025, 4, 2), "E1 day 30 a plain Wednesday"),
    (date(2025, 5, 15), 30, date(2025, 6, 16), "E2 day 30 a Saturday: roll to Monday"),
    (date(2026, 1, 30), 30, date(2026, 3, 2), "E3 crosses a short February, lands on Sunday"),
    (date(2026, 1, 17), 30, date(2026, 2, 24), "E4 day 30 inside 春节 2/15–23"),
    (date(2026, 1, 15), 30, date(2026, 2, 14), "E5 调休 working Saturday is not extended"),
    (date(2025, 9, 2), 30, date(2025, 10, 9), "E6 国庆/中秋 10/1–8"),
    (date(2025, 9, 11), 30, date(2025, 10, 11), "E7 调休 working Saturday after 国庆"),
    (date(2025, 12, 2), 30, date(2026, 1, 4), "E8 元旦 2026, then a 调休 working Sunday"),
    (date(2026, 4, 2), 30, date(2026, 5, 6), "E9 劳动节 5/1–5"),
    (date(2025, 8, 29), 30, date(2025, 9, 28), "调休 working Sunday 2025-09-28"),
    (date(2026, 8, 26), 30, date(2026, 9, 28), "中秋 2026 9/25–27"),
    (date(2026, 9, 1), 30, date(2026, 10, 8), "国庆 2026 10/1–7"),
    (date(2024, 12, 30), 30, date(2025, 2, 5), "year boundary into 春节 2025 1/28–2/4"),
    (date(2026, 6, 5), 30, date(2026, 7, 6), "day 30 a Sunday"),
    (date(2026, 10, 3), 30, date(2026, 11, 2), "received on a holiday (国庆): counting still starts the next day"),
    (date(2025, 12, 31), 1, date(2026, 1, 4), "one day received on 12/31: 元旦 1/1–3 then 调休 Sunday 1/4"),
    (date(2026, 2, 13), 1, date(2026, 2, 14), "one-day period ending on the 调休 working Saturday"),
    (date(2026, 9, 18), 10, date(2026, 9, 28), "short period ending 9/28 Monday after 中秋"),
]


@pytest.mark.parametrize(("received", "days", "due", "why"), CASES, ids=[c[3] for c in CASES])
def test_due_date_follows_the_official_schedule(received, days, due, why):
    result = compute_due_date(received, days)
    assert result.due == due, why
    assert not result.provisional


def test_explanation_of_a_working_saturday_says_it_is_not_extended():
    result = compute_due_date(date(2026, 1, 15), 30)
    assert result.explanation == (
        "2026年1月15日收到，次日起算30日，期满日2026年2月14日为调休上班日（春节），不顺延；截止2026年2月14日24时"
    )


def test_explanation_of_a_roll_over_cites_article_203_and_the_holiday():
    result = compute_due_date(date(2026, 1, 17), 30)
    assert result.explanation == (
        "2026年1月17日收到，次日起算30日，期满日2026年2月16日为法定节假日（春节），"
        "依民法典第二百零三条顺延至2026年2月24日；截止2026年2月24日24时"
    )
    assert "\n" not in result.explanation


def test_weekend_roll_over_names_the_weekday():
    result = compute_due_date(date(2025, 5, 15), 30)
    assert "期满日2025年6月14日为休息日（周六）" in result.explanation


def test_period_ends_at_midnight_shanghai():
    result = compute_due_date(date(2025, 3, 3), 30)
    assert result.ends_at.isoformat() == "2025-04-03T00:00:00+08:00"


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_nonsense_period_is_refused(days):
    with pytest.raises(ValueError):
        compute_due_date(date(2026, 1, 1), days)
