"""Render time and size of each document kind in a warm process (issue 4's benchmark).

    make bench-pdf        (or: python benchmarks/bench_pdf.py [--runs 15])

Builds unsaved Document objects in memory (no database writes) and calls the same
`render_document` the worker uses; prints median and p95 wall time, median CPU time (less
sensitive to other processes on the machine; the load average is printed too), pages and size.
Goal: a one-page notice under 100 ms median and under 150 KB.

A notice cannot be one page at GB/T 9704 spacing: the 版头 (mark, number, red rule, title, 主送)
takes 9 of the 22 lines of page 1, and the text every notice prints whatever its content (the
opening paragraph, four headed items, the closing 30-day/Art. 15/Art. 25 paragraph) is ≥ 15 lines
before the signature, 附注 and 版记 (≈ 8 lines). The short notice (every field as short as it can
be) is therefore the reference for the goal; the 送达回证 is the one-page document.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shaoxing_supervision.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    import django

    django.setup()
    import io

    from django.db import transaction
    from pypdf import PdfReader

    from documents.rendering import embedded_fonts, render_document, warm_up
    from documents.services import issue_document
    from organizations.demo import seed_demo
    from organizations.models import Organization
    from tests.documents import factories

    # Everything below runs in one transaction that is rolled back: the benchmark leaves no
    # document, number or demo row behind (like pretix's preview rendering).
    atomic = transaction.atomic()
    atomic.__enter__()
    seed_demo()
    from django.contrib.auth import get_user_model

    users = {"越城区司法局": "yuecheng.leader", "越城区人民政府": "yuecheng.gov"}
    # A short notice: every field present, each as short as a notice of one finding allows.
    short_notice = factories.notice_context(
        occasion="于2026年10月12日", act_supervised="越市监罚〔2026〕58号行政处罚决定。",
        facts="该决定作出前未告知当事人陈述、申辩权利。", evidence=["行政处罚案卷"],
        problems="程序违法。", provisions="《中华人民共和国行政处罚法》第四十四条",
        corrections="依法撤销并重新作出处罚决定。", cc=[],
    )
    t0 = time.perf_counter()
    warm_up()
    print(f"warm-up (import WeasyPrint, prepare fonts): {(time.perf_counter() - t0) * 1000:.0f} ms")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'kind':<30} {'pages':>5} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>7} {'size KB':>8}  fonts")
    rows = [("supervision_notice (short)", "supervision_notice", short_notice)]
    rows += [(slug, slug, factory()) for slug, (_i, _r, factory) in factories.KIND_SETUP.items()]
    for label, slug, context in rows:
        issuer_name, recipient_names, _factory = factories.KIND_SETUP[slug]
        recipients = [Organization.objects.get(name=n) for n in recipient_names]
        document = issue_document(
            kind=slug, issuer=Organization.objects.get(name=issuer_name), subject=recipients[0],
            recipients=recipients, context=context,
            issued_by=get_user_model().objects.get(username=users[issuer_name]),
        )
        render_document(document)  # first render of this template: compile and cache
        timings, cpu = [], []
        for _ in range(args.runs):
            start, cpu_start = time.perf_counter(), time.process_time()
            pdf = render_document(document)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(f"{label:<30} {pages:>5} {statistics.median(timings):>10.0f} {p95:>8.0f} {statistics.median(cpu):>7.0f} "
              f"{len(pdf) / 1024:>8.1f}  "
              f"{', '.join(embedded_fonts(pdf))}")
    transaction.set_rollback(True)
    atomic.__exit__(None, None, None)


if __name__ == "__main__":
    main()
