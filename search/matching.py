"""The one search condition every list uses (search/fields.py explains the indexes)."""

from django.db import connection
from django.db.models import Q

from .fields import bigrams, normalise

# Organisations matched by name, at most: a term matching more is too broad to narrow by party.
MAX_NAMED_ORGANIZATIONS = 50


def matching(model, term: str, *, parties: bool = True) -> Q:
    """Rows of `model` whose text contains `term` (any bracket style), or, with `parties`, that
    involve an organisation whose name contains it (through the row's indexed scope keys)."""
    from organizations.models import Organization

    term = normalise(term)
    if not term:
        return Q()
    condition = Q(search_text__contains=term)
    if len(term) == 2 and connection.vendor == "postgresql":
        # No trigram inside a 2-character pattern: the bigram array's GIN index finds the rows. The pair is
        # in the row's bigrams exactly when the text contains it, so no LIKE on top: the planner took the LIKE
        # for rare, expected 395 of 11,756 cases matching 食品 and joined them all before sorting.
        condition = Q(search_bigrams__contains_all=bigrams(term))
    if parties and getattr(model, "jurisdiction", None) is not None:
        named = list(Organization.objects.filter(name__icontains=term).values_list("pk", flat=True)
                     [:MAX_NAMED_ORGANIZATIONS + 1])
        if named and len(named) <= MAX_NAMED_ORGANIZATIONS:
            condition |= Q(scope_keys__overlaps=[f"o{pk}" for pk in named])
    return condition
