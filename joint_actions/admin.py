from django.contrib import admin

from workflow.admin import TransitionInline as BaseTransitionInline

from .models import (
    CoordinationMatter,
    JointActionProposal,
    LiaisonRecord,
    Participant,
    ParticipantResponse,
    ProposalTransition,
    ResultsReport,
)


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    can_delete = False


class ResponseInline(admin.TabularInline):
    model = ParticipantResponse
    extra = 0
    can_delete = False
    readonly_fields = ["organization", "round", "decision", "reason", "responded_by", "responded_at"]


class TransitionInline(BaseTransitionInline):
    model = ProposalTransition


@admin.register(JointActionProposal)
class JointActionProposalAdmin(admin.ModelAdmin):
    """Read-mostly: every change goes through the services (and their history rows)."""

    list_display = ["number", "title", "proposer", "initiating_department", "state", "period_start", "period_end"]
    list_filter = ["state", "proposer"]
    search_fields = ["number", "title"]
    readonly_fields = ["number", "state", "version", "proposed_at", "created_by"]
    inlines = [ParticipantInline, ResponseInline, TransitionInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ResultsReport)
class ResultsReportAdmin(admin.ModelAdmin):
    list_display = ["proposal", "inspections_count", "cases_filed_count", "problems_count", "reported_at"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CoordinationMatter)
class CoordinationMatterAdmin(admin.ModelAdmin):
    list_display = ["title", "recorded_by", "category", "matter_date", "status"]
    list_filter = ["status", "category"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LiaisonRecord)
class LiaisonRecordAdmin(admin.ModelAdmin):
    list_display = ["exchange_date", "recorded_by", "counterpart_name", "exchange_type", "direction"]
    list_filter = ["counterpart_kind", "exchange_type", "direction"]

    def has_delete_permission(self, request, obj=None):
        return False
