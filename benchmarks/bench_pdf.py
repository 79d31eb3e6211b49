"""Render time and size of the documents the real flows produce, per kind, in a warm process.

    make bench-pdf        (or: python benchmarks/bench_pdf.py [--runs 15])

Inside one transaction that is rolled back (no document, number or demo row is left behind), the
demo world is seeded and the workflow services issue every kind exactly as the users' clicks do
(tests/documents/flows.py): a supervision case to the government's decision (notice, its 送达回证, the
请示, the decision and its 送达回证), a dispute's coordination opinion and another's escalation (请示),
a joint-enforcement proposal; once with short content, once with the long, multi-paragraph texts a
clerk types, and once with a notice naming people outside GB 2312 (王䶮、张堃、李喆、𠮷田).

For each document it prints the pages, the median and p95 wall time of `render_document` (what the
worker does per document), the median CPU time, the time of the PAdES seal (`sign_pdf`), the size of
the sealed PDF as stored, and the faces embedded. Goal: median < 100 ms and < 150 KB for a one-page
document (the 送达回证 is the one-page kind; a notice with every clause the law requires takes two).
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
    import logging

    from django.db import transaction
    from pypdf import PdfReader

    from documents.rendering import embedded_fonts, render_document, warm_up
    from documents.seal import sign_pdf
    from organizations.demo import seed_demo
    from tests.conftest import World
    from tests.documents.flows import real_documents, supervision_case

    logging.disable(logging.WARNING)
    atomic = transaction.atomic()
    atomic.__enter__()
    try:
        seed_demo()
        world = World()
        documents = [(f"{label} (short)", doc) for label, doc in real_documents(world).items()]
        documents += [(f"{label} (long)", doc) for label, doc in real_documents(world, long=True).items()
                      if label.startswith("supervision:")]
        rare_case = supervision_case(world, rare=True)
        from documents.selectors import documents_for

        rare = documents_for(rare_case).filter(kind="supervision_notice").first()
        documents.append(("supervision:supervision_notice (rare names)", rare))

        t0 = time.perf_counter()
        warm_up()
        print(f"warm-up (import WeasyPrint, prepare fonts, jieba): {(time.perf_counter() - t0) * 1000:.0f} ms")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"{'document':<52} {'pages':>5} {'median ms':>9} {'p95 ms':>7} {'cpu ms':>7} {'seal ms':>7} "
              f"{'KB':>6}  fonts")
        for label, document in documents:
            render_document(document)  # first render of this template: compile and cache
            timings, cpu = [], []
            for _ in range(args.runs):
                start, cpu_start = time.perf_counter(), time.process_time()
                pdf = render_document(document)
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - cpu_start) * 1000)
            start = time.perf_counter()
            sealed = sign_pdf(pdf, document.issuer).data
            seal_ms = (time.perf_counter() - start) * 1000
            timings.sort()
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            print(f"{label:<52} {pages:>5} {statistics.median(timings):>9.0f} {p95:>7.0f} "
                  f"{statistics.median(cpu):>7.0f} {seal_ms:>7.0f} {len(sealed) / 1024:>6.1f}  "
                  f"{', '.join(embedded_fonts(pdf))}")
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


if __name__ == "__main__":
    main()
