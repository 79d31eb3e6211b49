from django.contrib import admin

from workflow.admin import TransitionInline as BaseTransitionInline

from .models import Clue, ClueAttachment, ClueTransition


class AttachmentInline(admin.TabularInline):
    model = ClueAttachment
    fields = ["original_name", "content_type", "size", "sha256", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False  # evidence from citizens is never deleted

    def has_add_permission(self, request, obj=None):
        return False


class TransitionInline(BaseTransitionInline):
    model = ClueTransition


PRIVATE_FIELDS = {"reporter_name", "reporter_phone", "tracking_code"}


@admin.register(Clue)
class ClueAdmin(admin.ModelAdmin):
    list_display = ["__str__", "routed_to", "state", "created_at"]
    list_filter = ["state", "routed_to"]
    search_fields = ["description"]
    # Triage goes through the services (history rows, notifications): the admin only reads. The
    # citizen's name, phone and tracking code are not shown here (clues.privacy: handling bureau only).
    exclude = sorted(PRIVATE_FIELDS)
    readonly_fields = [f.name for f in Clue._meta.concrete_fields if f.name not in PRIVATE_FIELDS]
    inlines = [AttachmentInline, TransitionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
