"""The statutory public holidays of 全国年节及纪念日放假办法 (2024 amendment, in force 2025-01-01).

Used for a year whose State Council schedule (国务院办公厅关于某年部分节假日安排的通知) is not in
the database yet: the rest days are then the weekends plus the days the 办法 itself fixes (Art. 2):
元旦 1 day (1 January); 春节 4 days (除夕 and 初一 to 初三); 清明节 1 day (the 清明 solar term);
劳动节 2 days (1 and 2 May); 端午节 1 day (lunar 5/5); 中秋节 1 day (lunar 8/15); 国庆节 3 days
(1 to 3 October). The schedule's 调休 and 补休 cannot be predicted, so a due date computed from
these days is provisional and is recomputed once the year is entered (documents-and-deadlines.md §5.5).
"""

from datetime import date, timedelta

# Gregorian dates of lunar 1/1 (春节), lunar 5/5 (端午) and lunar 8/15 (中秋), and the April day of the
# 清明 solar term. Generated with the PyPI packages lunar-python 1.4.8 (6tail, MIT) and lunardate 0.3.0
# (cross-checked: both agree on every year), and checked against the State Council schedules
# carried by chinese-calendar 1.11.0 for 2004–2026 (tests/deadlines/test_statutory.py).
# Beyond 2050 only the fixed solar-calendar holidays are known; see statutory_holidays().
LUNAR_TABLE: dict[int, tuple[tuple[int, int], tuple[int, int], tuple[int, int], int]] = {
    2004: ((1, 22), (6, 22), (9, 28), 4),
    2005: ((2, 9), (6, 11), (9, 18), 5),
    2006: ((1, 29), (5, 31), (10, 6), 5),
    2007: ((2, 18), (6, 19), (9, 25), 5),
    2008: ((2, 7), (6, 8), (9, 14), 4),
    2009: ((1, 26), (5, 28), (10, 3), 4),
    2010: ((2, 14), (6, 16), (9, 22), 5),
    2011: ((2, 3), (6, 6), (9, 12), 5),
    2012: ((1, 23), (6, 23), (9, 30), 4),
    2013: ((2, 10), (6, 12), (9, 19), 4),
    2014: ((1, 31), (6, 2), (9, 8), 5),
    2015: ((2, 19), (6, 20), (9, 27), 5),
    2016: ((2, 8), (6, 9), (9, 15), 4),
    2017: ((1, 28), (5, 30), (10, 4), 4),
    2018: ((2, 16), (6, 18), (9, 24), 5),
    2019: ((2, 5), (6, 7), (9, 13), 5),
    2020: ((1, 25), (6, 25), (10, 1), 4),
    2021: ((2, 12), (6, 14), (9, 21), 4),
    2022: ((2, 1), (6, 3), (9, 10), 5),
    2023: ((1, 22), (6, 22), (9, 29), 5),
    2024: ((2, 10), (6, 10), (9, 17), 4),
    2025: ((1, 29), (5, 31), (10, 6), 4),
    2026: ((2, 17), (6, 19), (9, 25), 5),
    2027: ((2, 6), (6, 9), (9, 15), 5),
    2028: ((1, 26), (5, 28), (10, 3), 4),
    2029: ((2, 13), (6, 16), (9, 22), 4),
    2030: ((2, 3), (6, 5), (9, 12), 5),
    2031: ((1, 23), (6, 24), (10, 1), 5),
    2032: ((2, 11), (6, 12), (9, 19), 4),
    2033: ((1, 31), (6, 1), (9, 8), 4),
    2034: ((2, 19), (6, 20), (9, 27), 5),
    2035: ((2, 8), (6, 10), (9, 16), 5),
    2036: ((1, 28), (5, 30), (10, 4), 4),
    2037: ((2, 15), (6, 18), (9, 24), 4),
    2038: ((2, 4), (6, 7), (9, 13), 5),
    2039: ((1, 24), (5, 27), (10, 2), 5),
    2040: ((2, 12), (6, 14), (9, 20), 4),
    2041: ((2, 1), (6, 3), (9, 10), 4),
    2042: ((1, 22), (6, 22), (9, 28), 4),
    2043: ((2, 10), (6, 11), (9, 17), 5),
    2044: ((1, 30), (5, 31), (10, 5), 4),
    2045: ((2, 17), (6, 19), (9, 25), 4),
    2046: ((2, 6), (6, 8), (9, 15), 4),
    2047: ((1, 26), (5, 29), (10, 4), 5),
    2048: ((2, 14), (6, 15), (9, 22), 4),
    2049: ((2, 2), (6, 4), (9, 11), 4),
    2050: ((1, 23), (6, 23), (9, 30), 4),
}

NEW_YEAR = "元旦"
SPRING_FESTIVAL = "春节"
QINGMING = "清明节"
LABOUR_DAY = "劳动节"
DRAGON_BOAT = "端午节"
MID_AUTUMN = "中秋节"
NATIONAL_DAY = "国庆节"


def lunar_new_year(year: int) -> date | None:
    row = LUNAR_TABLE.get(year)
    return date(year, *row[0]) if row else None


def statutory_holidays(year: int) -> dict[date, str]:
    """The rest days the 办法 itself fixes for `year` (no 调休), name by date."""
    days: dict[date, str] = {date(year, 1, 1): NEW_YEAR}
    for d in (1, 2):
        days[date(year, 5, d)] = LABOUR_DAY
    for d in (1, 2, 3):
        days[date(year, 10, d)] = NATIONAL_DAY
    row = LUNAR_TABLE.get(year)
    if row is None:
        # Outside the table only the solar-calendar days are certain; 清明 is 4 or 5 April in
        # every year of this century, so both are kept (the later day never shortens a period).
        days.setdefault(date(year, 4, 4), QINGMING)
        days.setdefault(date(year, 4, 5), QINGMING)
        return days
    (ny_m, ny_d), (dw_m, dw_d), (ma_m, ma_d), qingming_day = row
    new_year = date(year, ny_m, ny_d)
    # 除夕 is the day before 初一 (Art. 2 as amended in 2024: 农历除夕、正月初一至初三).
    for offset in range(-1, 3):
        days.setdefault(new_year + timedelta(days=offset), SPRING_FESTIVAL)
    days.setdefault(date(year, 4, qingming_day), QINGMING)
    days.setdefault(date(year, dw_m, dw_d), DRAGON_BOAT)
    days.setdefault(date(year, ma_m, ma_d), MID_AUTUMN)
    return days


def statutory_holidays_between(start: date, end: date) -> dict[date, str]:
    """Statutory days in [start, end]; 除夕 of year Y+1 may fall in late January of Y+1 only."""
    out: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        for d, name in statutory_holidays(year).items():
            if start <= d <= end:
                out[d] = name
    return out
