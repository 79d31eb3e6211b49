"""manage.py generate_volume --cases N: years of records for `make bench` (operations/volume.py)."""

import time

from django.core.management.base import BaseCommand

from operations.volume import generate_volume


class Command(BaseCommand):
    help = "生成大量模拟数据（监督案件、职责争议、期限、公文、通知），用于性能测试；请勿在生产库运行"

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=20_000,
                            help="supervision cases; disputes ×1, deadlines ×5, notifications ×5, notices per disclosed case")
        parser.add_argument("--seed", type=int, default=18, help="random seed (the same seed gives the same records)")

    def handle(self, *args, cases, seed, **options):
        started = time.perf_counter()
        counts = generate_volume(cases=cases, seed=seed, out=self.stdout.write)
        elapsed = time.perf_counter() - started
        for name, n in counts.items():
            self.stdout.write(f"{name}: {n:,}")
        self.stdout.write(f"written in {elapsed:.1f} s")
