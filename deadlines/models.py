"""The holiday calendar, legal deadlines and their history (domain.md §5; Art. 15 of the 办法).

A deadline's due date is computed from the calendar held here (`calendar.compute_due_date`);
each row remembers which calendar data it was computed with (`calendar_version`), so that an
admin's change to the calendar recomputes exactly the open deadlines it touches.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organizations.jurisdiction import Jurisdiction
from organizations.scope_keys import ScopeKeysField
from workflow.choices import ChoiceLabelsMixin


class CalendarYear(ChoiceLabelsMixin, models.Model):
    """Whether a year's State Council holiday schedule has been entered (official) or not."""

    class Status(models.TextChoices):
        OFFICIAL = "official", _("已公布（国务院放假安排）")
        PROVISIONAL = "provisional", _("未公布（暂按法定节假日推算）")

    # Configuration record: who changed what, when (django-simple-history; admin "历史").
    history = HistoricalRecords()
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PROVISIONAL)
    source_note = models.CharField(
        _("依据"), max_length=200, blank=True, help_text=_("如：国办发明电〔2025〕7号，2025年11月4日公布")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("节假日年度")
        verbose_name_plural = _("节假日年度")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["official", "provisional"]), name="calendar_year_status_valid"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="calendar_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.year}（{self.get_status_display()}）"

    @property
    def is_official(self) -> bool:
        return self.status == self.Status.OFFICIAL


class HolidayCalendarDay(ChoiceLabelsMixin, models.Model):
    """An exception to the plain week: a holiday (rest day) or a 调休 working weekend day.

    Ordinary Saturdays and Sundays are rest days and ordinary weekdays working days without a
    row. A row with neither flag set makes a weekday explicitly a working day (manual override).
    """

    class Source(models.TextChoices):
        OFFICIAL = "official", _("国务院放假安排")
        STATUTORY_FALLBACK = "statutory_fallback", _("法定节假日推算")
        MANUAL = "manual", _("手工录入")

    date = models.DateField(_("日期"), unique=True)
    is_rest_day = models.BooleanField(_("休息日"), default=True)
    is_adjusted_workday = models.BooleanField(_("调休上班日"), default=False, help_text=_("周末因调休上班"))
    name = models.CharField(_("节日名称"), max_length=40, blank=True, help_text=_("如：春节、国庆节"))
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日/调休日")
        verbose_name_plural = _("节假日/调休日")
        constraints = [
            models.CheckConstraint(
                condition=~(Q(is_rest_day=True) & Q(is_adjusted_workday=True)), name="calendar_day_rest_xor_workday"
            ),
            models.CheckConstraint(
                condition=Q(source__in=["official", "statutory_fallback", "manual"]), name="calendar_day_source_valid"
            ),
        ]

    def __str__(self) -> str:
        kind = _("调休上班") if self.is_adjusted_workday else (_("休息") if self.is_rest_day else _("工作日"))
        return f"{self.date:%Y-%m-%d} {self.name} {kind}"


class DeadlineKind(models.TextChoices):
    RECTIFICATION = "rectification", _("限期改正")
    REPORT = "report", _("书面报告")
    OTHER = "other", _("其他期限")


class DeadlineState(models.TextChoices):
    OPEN = "open", _("进行中")
    MET = "met", _("已按期完成")
    OVERDUE = "overdue", _("已逾期")
    CANCELLED = "cancelled", _("已撤销")
    # Closed without the obligation ever being performed (a report never filed): never `met`.
    MISSED = "missed", _("未履行（缺报）")


# A time limit still running: not yet met, cancelled or missed (an overdue one runs on until it is).
RUNNING_STATES = ("open", "overdue")


class Deadline(ChoiceLabelsMixin, models.Model):
    """A legal time limit on an object (a notice's 限期改正, the 30-day written report of Art. 15)."""

    Kind = DeadlineKind
    State = DeadlineState

    # db_index=False: the (subject_type, subject_id) index below covers it; one index fewer to
    # maintain when the sweep moves 30,000 rows to overdue.
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", db_index=False)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField(_("期限类别"), max_length=20, choices=DeadlineKind.choices)
    title = models.CharField(_("事项"), max_length=200)
    responsible = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("责任单位")
    )
    # The bureau that set the deadline and watches it: it gets the reminders and the overdue mark too.
    supervisor = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="supervised_deadlines",
        null=True,
        blank=True,
        verbose_name=_("监督机关"),
    )
    starts_on = models.DateField(_("起算日（收到日）"))
    days = models.PositiveIntegerField(_("期间（日）"), null=True, blank=True)
    # Day N before any roll-over (民法典 201); the calendar years between it and due_on are the
    # data this due date depends on.
    nominal_due = models.DateField(_("期间届满日（顺延前）"), null=True, blank=True)
    due_on = models.DateField(_("截止日"), db_index=True)
    # True while the due date follows from the calendar (recomputed when the calendar changes);
    # False when it was set as a date (by the notice, or by an approved extension).
    computed = models.BooleanField(_("按日历计算"), default=True)
    provisional = models.BooleanField(_("暂定"), default=False)
    explanation = models.CharField(_("计算说明"), max_length=400, blank=True)
    # What sets this time limit (e.g. 《办法》第十五条第三款 / 意见书规定的时限) and whether the period
    # is fixed by law (statutory) or set by the instrument itself (domain.md §0).
    basis = models.CharField(_("期限依据"), max_length=200, blank=True)
    statutory = models.BooleanField(_("法定期限"), default=False)
    calendar_version = models.CharField(_("所用日历数据"), max_length=200, blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=DeadlineState.choices, default=DeadlineState.OPEN)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("设定人")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["open", "met", "overdue", "cancelled", "missed"]), name="deadline_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["rectification", "report", "other"]), name="deadline_kind_valid"
            ),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("starts_on")), name="deadline_due_after_start"),
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            # The sweep's two scans: open deadlines by due date.
            models.Index(fields=["due_on"], condition=Q(state="open"), name="deadline_open_due_idx"),
            # The workbench's 已逾期 group: overdue and not yet met, oldest first.
            models.Index(fields=["due_on", "id"], condition=Q(state="overdue", closed_at__isnull=True),
                         name="deadline_overdue_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.due_on:%Y-%m-%d}）"

    # The responsible unit sees its own deadlines; the supervising bureau's area sees them too.
    jurisdiction = Jurisdiction(
        divisions=("supervisor__division", "responsible__division"),
        parties=("responsible", "supervisor"),
    )
    # Who may see the row, resolved from the paths above on every write (organizations/scope_keys.py).
    scope_keys = ScopeKeysField()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("deadlines:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == DeadlineState.OPEN

    def subject_url(self) -> str:
        subject = self.subject
        getter = getattr(subject, "get_absolute_url", None)
        return getter() if callable(getter) else ""



class DeadlineChange(ChoiceLabelsMixin, models.Model):
    """One row per event in a deadline's life: its history, shown on the object's page."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("设定期限")
        RECOMPUTED = "recomputed", _("日历变更重算")
        EXTENSION_REQUESTED = "extension_requested", _("申请延期")
        EXTENDED = "extended", _("批准延期")
        EXTENSION_REJECTED = "extension_rejected", _("不予延期")
        MET = "met", _("按期完成")
        OVERDUE = "overdue", _("逾期")
        CANCELLED = "cancelled", _("撤销期限")
        MISSED = "missed", _("未履行（缺报）")

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("事件"), max_length=24, choices=Kind.choices)
    old_due = models.DateField(_("原截止日"), null=True, blank=True)
    new_due = models.DateField(_("新截止日"), null=True, blank=True)
    from_state = models.CharField(_("原状态"), max_length=12, blank=True)
    to_state = models.CharField(_("新状态"), max_length=12, blank=True)
    reason = models.TextField(_("理由/说明"), blank=True)
    explanation = models.CharField(_("计算说明"), max_length=400, blank=True)
    calendar_version = models.CharField(_("所用日历数据"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("操作人")
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("期限变更记录")
        verbose_name_plural = _("期限变更记录")

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.get_kind_display()}"


class DeadlineExtension(ChoiceLabelsMixin, models.Model):
    """延期: the responsible unit applies with reasons; the bureau approves a new date or refuses."""

    class State(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("不予批准")

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extensions")
    requested_due = models.DateField(_("申请延至"))
    reason = models.TextField(_("申请理由"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人")
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    approved_due = models.DateField(_("批准延至"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("审批人")
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=["pending", "approved", "rejected"]), name="extension_state_valid"),
            # One pending application per deadline at a time.
            models.UniqueConstraint(fields=["deadline"], condition=Q(state="pending"), name="extension_one_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.deadline} → {self.requested_due:%Y-%m-%d}"


class DeadlineEvent(ChoiceLabelsMixin, models.Model):
    """What the sweep has done for a deadline: the unique key makes every step happen once.

    Keyed by (deadline, kind, due_on): two sweeps running at once insert the same key and only
    one insert wins (INSERT ... ON CONFLICT DO NOTHING); after an extension the new due date
    gets its own reminders.
    """

    class Kind(models.TextChoices):
        REMIND_7 = "remind_7", _("到期前7日提醒")
        REMIND_3 = "remind_3", _("到期前3日提醒")
        REMIND_1 = "remind_1", _("到期前1日提醒")
        OVERDUE = "overdue", _("逾期")

    # Indexes are kept to what the sweep reads (every one is paid for on 100,000 inserts a run):
    # the unique key leads with deadline_id (so no separate FK index), `run` and `signalled_by`
    # get plain btrees in Meta (no LIKE-pattern twins), `signalled_by` only for overdue events.
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="events", db_index=False)
    kind = models.CharField(_("事件"), max_length=10, choices=Kind.choices)
    due_on = models.DateField(_("截止日"))
    run = models.CharField(_("批次"), max_length=32)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    # For overdue events: when the deadline_overdue signal was delivered (claimed) — see sweep.py.
    signalled_at = models.DateTimeField(_("已通知流程"), null=True, blank=True)
    signalled_by = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("期限提醒记录")
        verbose_name_plural = _("期限提醒记录")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "kind", "due_on"], name="deadline_event_once"),
        ]
        indexes = [
            models.Index(fields=["kind"], condition=Q(signalled_at__isnull=True, kind="overdue"), name="event_unsignalled_idx"),
            models.Index(fields=["run"], name="event_run_idx"),
            models.Index(fields=["signalled_by"], condition=Q(kind="overdue"), name="event_signalled_by_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.kind} {self.due_on}"
