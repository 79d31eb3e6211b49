"""Choice labels (`get_<field>_display()`) looked up, not rebuilt, on every call.

Django's own `Model._get_FIELD_display` builds `dict(make_hashable(field.flatchoices))` each time it is called,
and hashing a lazy label translates it: a case's 17 states cost 17 `gettext` calls per row, 180 µs a label on the
benchmark machine (12 µs here), 9 ms for a page of 50 cases (issue 18). Every list page and serializer shows a
state or a kind for each row, so every model with choices takes this mixin (tests/workflow/test_choices.py
checks they all do).
"""

from functools import cache

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabelsMixin:
    """`get_<field>_display()` from a value → label map built once per field.

    The labels stay lazy in the map, so each call still answers in the language active at that moment (a
    stored timeline note in Chinese, the same page in English for a user who chose it).
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


@cache
def _labels(field) -> dict:
    return {make_hashable(value): label for value, label in field.flatchoices}
