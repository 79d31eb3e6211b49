"""Seed the holiday calendar (2004–2026) from chinese-calendar when the database is migrated."""

from django.db import migrations


def forwards(apps, schema_editor):
    from deadlines.seeding import seed_calendar

    seed_calendar(apps.get_model("deadlines", "CalendarYear"), apps.get_model("deadlines", "HolidayCalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
