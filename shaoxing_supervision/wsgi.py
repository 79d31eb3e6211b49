import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shaoxing_supervision.settings")

application = get_wsgi_application()


def _settle() -> None:
    """Load what every request uses, then put it out of the garbage collector's sight.

    A full (generation 2) collection walks every object the process holds: with Django, the models, the URL
    patterns and the translation catalogues that is 170,000 objects and 96 ms, paid by whichever request
    happens to trigger it (one in twenty on a list page: the p95 of the API lists, issue 18). Objects loaded
    here live as long as the process, so `gc.freeze` moves them to the permanent generation and a full
    collection costs 15 ms. In each gunicorn worker (or once before forking, with --preload, which also keeps
    the pages shared between workers).
    """
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().check()  # imports every app's views, forms and serializers
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("案件")  # loads the catalogue of the language
    gc.collect()
    gc.freeze()


_settle()
