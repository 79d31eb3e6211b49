"""Install the project's periodic tasks into django-celery-beat's tables."""

from django.conf import settings


def install_periodic_tasks(**_kwargs) -> list[str]:
    """Create each task of settings.CELERY_BEAT_DEFAULTS that does not exist yet.

    Existing rows are not touched, so a schedule an administrator changed stays changed.
    """
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    created = []
    for name, spec in settings.CELERY_BEAT_DEFAULTS.items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        interval, _ = IntervalSchedule.objects.get_or_create(every=spec["every_seconds"], period=IntervalSchedule.SECONDS)
        PeriodicTask.objects.create(name=name, task=spec["task"], interval=interval, description=spec.get("description", ""))
        created.append(name)
    return created
