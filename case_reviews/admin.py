from django.contrib import admin

from workflow.admin import TransitionInline as BaseTransitionInline

from .models import ReviewScore, ReviewSheet, ReviewSheetTransition, ReviewTemplate, ReviewTemplateItem


class ItemInline(admin.TabularInline):
    model = ReviewTemplateItem
    extra = 0
    fields = ["order", "category", "description", "max_points"]

    def has_delete_permission(self, request, obj=None):
        # Items of a template in use are part of the sheets' record: edit through a new version.
        return obj is None or not obj.sheets.exists()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.sheets.exists():
            return self.fields
        return []

    def has_add_permission(self, request, obj=None):
        return obj is None or not obj.sheets.exists()


@admin.register(ReviewTemplate)
class ReviewTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "owner", "is_active", "updated_at"]
    list_filter = ["is_active", "owner"]
    search_fields = ["name"]
    readonly_fields = ["family", "version", "previous", "created_by"]
    inlines = [ItemInline]

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.sheets.exists()


class ScoreInline(admin.TabularInline):
    model = ReviewScore
    fields = ["item", "deduction", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TransitionInline(BaseTransitionInline):
    model = ReviewSheetTransition


@admin.register(ReviewSheet)
class ReviewSheetAdmin(admin.ModelAdmin):
    list_display = ["file_number", "file_title", "agency", "state", "total_score", "grade", "reviewed_on"]
    list_filter = ["state", "grade", "file_type"]
    search_fields = ["file_number", "file_title", "agency__name"]
    # Scoring goes through the services (locks, history, immutability): the admin only reads.
    readonly_fields = [f.name for f in ReviewSheet._meta.concrete_fields] + ["reviewers"]
    inlines = [ScoreInline, TransitionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
