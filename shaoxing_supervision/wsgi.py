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
    gc.set_threshold(*COLLECTION_THRESHOLDS)


# Python's default thresholds (700, 10, 10) collect the youngest generation after every 700 container objects
# allocated and not yet freed: a list page of 50 rows does it 7 times, and one request in ten also pays a full
# collection (14 ms). Cycles are rare in a request's garbage (reference counting frees the rest as it goes), so
# collect young objects every 20,000 and the older generations far less often. Measured with gc.callbacks in
# process at 1,000,000 cases, the API's dispute list: 2.7 → 1.1 ms of collection per request, no full collection
# in 50 requests (docs/benchmarks.md, seventh round).
COLLECTION_THRESHOLDS = (20_000, 50, 100)


_settle()
