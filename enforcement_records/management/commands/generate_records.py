"""Generate enforcement records at volume for the benchmarks (PostgreSQL; enforcement_records/volume.py)."""

from django.core.management.base import BaseCommand, CommandError

from enforcement_records.volume import generate_records


class Command(BaseCommand):
    help = "生成大量执法记录（仅 PostgreSQL，用于性能基准；约10%的记录含已知问题）"

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, required=True, help="要新增的记录数")
        parser.add_argument("--chunk", type=int, default=500_000, help="每个事务写入的记录数")

    def handle(self, *args, records, chunk, **options):
        if records <= 0:
            raise CommandError("--records 须为正数")
        try:
            result = generate_records(records, chunk=chunk, out=self.stdout.write)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{result['records']:,} records in {result['seconds']} s "
                          f"({result['agencies']} agencies, {result['places']} places)")
