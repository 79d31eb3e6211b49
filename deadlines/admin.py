"""Admin: the holiday calendar is maintained here (a bureau enters next year's State Council
schedule the day it is published); saving recomputes the open deadlines that used the year."""

import re
from datetime import date, timedelta
from functools import partial

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarYear, Deadline, DeadlineChange, DeadlineEvent, DeadlineExtension, HolidayCalendarDay
from .services import recompute_open_deadlines
from .statutory import statutory_holidays

LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s*[~～至-]{1}\s*(\d{4}-\d{2}-\d{2}))?\s+(上班\s+)?(\S.*)$")


def parse_schedule(text: str, year: int) -> list[tuple[date, bool, str]]:
    """Lines "2027-02-05~2027-02-12 春节" (rest days) and "2027-02-14 上班 春节" (调休 working day)."""
    rows, errors = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = LINE.match(line)
        if not match:
            errors.append(_("第%(n)s行格式不对：%(line)s") % {"n": number, "line": line})
            continue
        try:
            start = date.fromisoformat(match.group(1))
            end = date.fromisoformat(match.group(2)) if match.group(2) else start
        except ValueError:
            errors.append(_("第%(n)s行日期无效：%(line)s") % {"n": number, "line": line})
            continue
        if end < start or (end - start).days > 20:
            errors.append(_("第%(n)s行日期区间无效：%(line)s") % {"n": number, "line": line})
            continue
        workday = bool(match.group(3))
        name = match.group(4).strip()[:40]
        day = start
        while day <= end:
            if day.year != year:
                errors.append(_("第%(n)s行的日期不属于%(year)s年。") % {"n": number, "year": year})
                break
            rows.append((day, workday, name))
            day += timedelta(days=1)
    if errors:
        raise forms.ValidationError(errors)
    return rows


class CalendarYearForm(forms.ModelForm):
    schedule = forms.CharField(
        label=_("放假安排"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 60, "placeholder": "2027-01-01~2027-01-03 元旦\n2027-02-14 上班 春节"}),
        help_text=_(
            "按国务院办公厅通知逐行录入：放假区间写“起始日~结束日 节日名”，调休上班写“日期 上班 节日名”。"
            "填写后将替换该年度的全部节假日数据；留空则不改动逐日数据。"
        ),
    )

    class Meta:
        model = CalendarYear
        fields = ["year", "status", "source_note"]

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        text = cleaned.get("schedule") or ""
        if year and text.strip():
            try:
                cleaned["schedule_rows"] = parse_schedule(text, year)
            except forms.ValidationError as exc:
                self.add_error("schedule", exc)
        return cleaned


@admin.register(CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    form = CalendarYearForm
    list_display = ["year", "status", "source_note", "updated_at"]
    list_filter = ["status"]
    readonly_fields = ["statutory_days"]
    fields = ["year", "status", "source_note", "schedule", "statutory_days"]

    @admin.display(description=_("法定节假日（未公布时的推算依据）"))
    def statutory_days(self, obj):
        if obj is None or not obj.year:
            return "—"
        return "；".join(f"{d:%m-%d} {name}" for d, name in sorted(statutory_holidays(obj.year).items()))

    def save_model(self, request, obj, form, change):
        old_year = None
        if change:
            old_year = CalendarYear.objects.filter(pk=obj.pk).values_list("year", flat=True).first()
        super().save_model(request, obj, form, change)
        rows = form.cleaned_data.get("schedule_rows")
        if rows:
            HolidayCalendarDay.objects.filter(date__year=obj.year).delete()
            HolidayCalendarDay.objects.bulk_create(
                [
                    HolidayCalendarDay(
                        date=d, is_rest_day=not workday, is_adjusted_workday=workday, name=name,
                        source=HolidayCalendarDay.Source.OFFICIAL if obj.is_official else HolidayCalendarDay.Source.MANUAL,
                    )
                    for d, workday, name in rows
                ]
            )
        years = {obj.year} | ({old_year} if old_year else set())
        transaction.on_commit(partial(recompute_open_deadlines, years, acting_user=request.user))

    def delete_model(self, request, obj):
        year = obj.year
        super().delete_model(request, obj)
        transaction.on_commit(partial(recompute_open_deadlines, {year}, acting_user=request.user))


@admin.register(HolidayCalendarDay)
class HolidayCalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_rest_day", "is_adjusted_workday", "source", "updated_at"]
    list_filter = ["source", "is_rest_day", "is_adjusted_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        old = HolidayCalendarDay.objects.filter(pk=obj.pk).values_list("date", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        years = {obj.date.year} | ({old.year} if old else set())
        transaction.on_commit(partial(recompute_open_deadlines, years, acting_user=request.user))

    def delete_model(self, request, obj):
        year = obj.date.year
        super().delete_model(request, obj)
        transaction.on_commit(partial(recompute_open_deadlines, {year}, acting_user=request.user))

    def delete_queryset(self, request, queryset):
        years = set(queryset.values_list("date__year", flat=True))
        super().delete_queryset(request, queryset)
        transaction.on_commit(partial(recompute_open_deadlines, years, acting_user=request.user))


class DeadlineChangeInline(admin.TabularInline):
    model = DeadlineChange
    extra = 0
    can_delete = False
    readonly_fields = ["at", "kind", "old_due", "new_due", "from_state", "to_state", "reason", "actor", "calendar_version"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


class DeadlineExtensionInline(admin.TabularInline):
    model = DeadlineExtension
    extra = 0
    can_delete = False
    readonly_fields = ["requested_due", "reason", "requested_by", "state", "approved_due", "decided_by", "decision_note"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    """Read-only: deadlines move only through the workflows and the services (history rows)."""

    list_display = ["title", "kind", "responsible", "due_on", "provisional", "state"]
    list_filter = ["state", "kind", "provisional"]
    search_fields = ["title", "responsible__name"]
    date_hierarchy = "due_on"
    inlines = [DeadlineExtensionInline, DeadlineChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeadlineEvent)
class DeadlineEventAdmin(admin.ModelAdmin):
    list_display = ["deadline", "kind", "due_on", "created_at", "signalled_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
