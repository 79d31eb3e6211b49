from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("运行维护")

    def ready(self):
        from .schedules import install_periodic_tasks

        # After every migrate: make sure each periodic task of CELERY_BEAT_DEFAULTS exists in
        # django-celery-beat's tables (editable in the admin; an edited one is left alone).
        post_migrate.connect(install_periodic_tasks, sender=self)
