"""The bureau itself as the reader of its figures.

The periodic task drafts a bureau's briefing with no person behind it, and a briefing covers the
bureau's area whoever presses the button. `BureauReader(bureau)` answers the few questions the
scoping helpers ask of a user (organizations.scoping: memberships, grants) as a member of that one
bureau would, so the briefing's figures are the same selectors as the statistics page, scoped the same.
"""

from types import SimpleNamespace


class BureauReader:
    is_authenticated = True
    is_active = True
    is_superuser = False
    is_anonymous = False
    pk = None

    def __init__(self, bureau):
        self.bureau = bureau
        # Read by organizations.scoping.active_memberships / granted_objects (their per-request caches).
        self._active_memberships = [SimpleNamespace(organization=bureau, organization_id=bureau.pk)]
        self._scope_grants = (self._active_memberships, {})

    def __str__(self) -> str:
        return self.bureau.name
