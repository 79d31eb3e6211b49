"""Admin: read-mostly. Case records, evidence and reports are never deleted (Art. 13; audit trail)."""

from django.contrib import admin

from workflow.admin import TransitionInline as BaseTransitionInline

from .models import (
    AccountabilityEntry,
    Activity,
    ActivityParticipant,
    CaseTransition,
    Decision,
    DecisionRequest,
    EvidenceFile,
    Notice,
    OtherBodyReferral,
    Report,
    ReportFile,
    ServiceRecord,
    SupervisionCase,
    TransferOversight,
)


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NoDeleteAdmin):
    """Records written by services only: the admin may look, never change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TransitionInline(BaseTransitionInline):
    model = CaseTransition


@admin.register(SupervisionCase)
class SupervisionCaseAdmin(NoDeleteAdmin):
    list_display = ["number", "title", "handling_org", "method", "focus_area", "state", "opened_on"]
    list_filter = ["state", "method", "focus_area", "source"]
    search_fields = ["number", "title", "summary"]
    readonly_fields = ["number", "state", "handling_org", "referred_by", "opened_by", "opened_on", "disclosed_at",
                       "closed_at", "origin_type", "origin_id"]
    filter_horizontal = ["supervised_units"]
    inlines = [TransitionInline]

    def has_add_permission(self, request):
        return False  # cases are opened through open_case (numbering, checks)


class ParticipantInline(admin.TabularInline):
    model = ActivityParticipant
    extra = 0
    can_delete = False
    readonly_fields = ["supervisor", "certificate", "certificate_number", "certificate_shown"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "occurred_on", "recorded_by"]
    list_filter = ["kind"]
    inlines = [ParticipantInline]


@admin.register(EvidenceFile, ReportFile)
class FileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "sha256", "size", "content_type", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "sha256"]


@admin.register(Notice, Decision, DecisionRequest, ServiceRecord, Report, OtherBodyReferral, TransferOversight)
class RecordAdmin(ReadOnlyAdmin):
    pass


@admin.register(AccountabilityEntry)
class AccountabilityAdmin(NoDeleteAdmin):
    list_display = ["case", "agency", "ground", "status", "created_at"]
    list_filter = ["status", "ground"]
    readonly_fields = ["case", "agency", "ground", "created_automatically", "completed_by", "completed_at"]

    def has_add_permission(self, request):
        return False
