"""`manage.py import_records FILE --agency 越城区市场监督管理局 --user NAME` (or `--warnings`): the third way in."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from enforcement_records import services
from enforcement_records import warnings as warning_imports
from enforcement_records.models import ImportBatch
from organizations.models import Organization


class Command(BaseCommand):
    help = "Import an XLSX/CSV file in the published template (all or nothing; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--agency", help="the sending agency's full name (records)")
        parser.add_argument("--user", required=True, help="the account the import is recorded under")
        parser.add_argument("--warnings", action="store_true", help="the file holds outside warnings (省快速预警/12345)")

    def handle(self, path, agency=None, user=None, warnings=False, **options):
        acting_user = get_user_model().objects.filter(username=user).first()
        if acting_user is None:
            raise CommandError(f"no such user: {user}")
        with open(path, "rb") as handle:
            upload = SimpleUploadedFile(path.rsplit("/", 1)[-1], handle.read())
        try:
            if warnings:
                batch = warning_imports.import_warnings_file(upload=upload, acting_user=acting_user,
                                                         channel=ImportBatch.Channel.COMMAND)
                self.stdout.write(self.style.SUCCESS(
                    f"imported warnings: {batch.created_count} new, {batch.unchanged_count} already there"))
                return
            organization = Organization.objects.filter(name=agency).first()
            if organization is None:
                raise CommandError(f"no such agency: {agency}")
            result = services.import_file(agency=organization, upload=upload, channel=ImportBatch.Channel.COMMAND,
                                          acting_user=acting_user)
        except services.ImportRejected as exc:
            for item in exc.report:
                self.stderr.write(item["message"])
            raise CommandError(f"rejected: nothing imported (file kept as batch {exc.batch.pk}, "
                               f"SHA-256 {exc.batch.sha256})") from None
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(
            f"imported: {result.created} new, {result.updated} updated, {result.unchanged} unchanged "
            f"(batch {result.batch.pk}, SHA-256 {result.batch.sha256})"))
