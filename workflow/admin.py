from django.contrib import admin


class TransitionInline(admin.TabularInline):
    """The timeline of an object in the admin: read only, since history is never edited or deleted.

    Apps subclass it with `model = <TheirTransition>`.
    """

    fields = ["at", "action", "from_state", "to_state", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
