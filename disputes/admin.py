"""Read-only admin: every change to a dispute goes through services.py (and its timeline)."""

from django.contrib import admin

from workflow.admin import TransitionInline as BaseTransitionInline

from .models import (
    AccountabilityEntry,
    CoordinationMeeting,
    Dispute,
    DisputeAttachment,
    DisputeParty,
    DisputeTransition,
    GovernmentDecision,
    Negotiation,
    PartyStatement,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PartyInline(ReadOnlyInline):
    model = DisputeParty
    fields = ["organization", "is_applicant", "position", "legal_basis"]


class TransitionInline(BaseTransitionInline):
    model = DisputeTransition


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "state", "filed_by", "coordinator", "submitted_at"]
    list_filter = ["state", "coordinator"]
    search_fields = ["number", "title", "matter"]
    inlines = [PartyInline, TransitionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Negotiation, CoordinationMeeting, PartyStatement, GovernmentDecision, AccountabilityEntry,
                DisputeAttachment)
class RecordAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
