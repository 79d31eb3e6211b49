"""The kinds of official document (公文) the system issues, and what each needs.

Each kind names its Chinese title, the 文书代字 of its numbering series (the middle of
越司执监通〔2026〕3号), the organisation kinds that may issue it, and the context keys its
template needs. `issue_document` validates a context against its kind before numbering it,
so a workflow app that forgets a field gets a ValueError naming it, never a PDF with a hole.

Dates travel through the database as ISO strings (the context is stored as JSON so that a
retry or a reissue renders exactly what was issued); `load_context` turns them back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from organizations.models import OrganizationKind

# Keys `issue_document` adds itself; a caller may not set them.
COMMON_KEYS = ("number", "title", "issuer", "recipients", "issue_date")


@dataclass(frozen=True)
class DocumentKind:
    slug: str
    title: str
    series: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    # Keys holding a date (or None where optional).
    date_keys: tuple[str, ...] = ()
    # Keys holding a list; the value is a list of str unless listed in `dict_lists`.
    list_keys: tuple[str, ...] = ()
    # List keys whose items are dicts: key -> (item keys, item keys holding a date).
    dict_lists: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    # None: any kind of organisation may issue it (a proof of service is issued by whoever serves).
    issuer_kinds: frozenset[str] | None = None
    legal_basis: str = ""
    # How the printed title is built from the context, when it is not the kind's own title.
    title_format: str = ""
    # Internal correspondence between authorities (the bureau's report up to the government):
    # never shown to the parties of the subject, only to the issuer, the recipients and the
    # supervisory bodies whose area covers the subject.
    internal: bool = False
    # Served on each recipient (送达): `issue_document` issues a 送达回证 per recipient with it, and voiding
    # the document voids them (documents-and-deadlines.md §1: the receipt's date starts the 30-day clock).
    served: bool = False

    def display_title(self, context: Mapping) -> str:
        if context.get("title"):
            return str(context["title"])
        if self.title_format:
            from .typesetting import clause

            # "关于{matter}的请示": the phrase loses its own final punctuation inside the title.
            return self.title_format.format(**{k: clause(v) if isinstance(v, str) else v for k, v in context.items()})
        return str(self.title)

    @property
    def template_name(self) -> str:
        return f"documents/{self.slug}.html"

    def __str__(self) -> str:
        return str(self.title)


SUPERVISION_NOTICE = DocumentKind(
    slug="supervision_notice",
    title=_("行政执法监督通知书"),
    series="执监通",
    required=(
        "supervised_unit_name", "supervision_method", "occasion", "act_supervised", "facts", "evidence", "problems",
        "provisions", "corrections", "contact_person", "contact_phone",
    ),
    # rectification_days: the limit as a period counted from receipt (then rectification_deadline is None).
    optional=("cc", "title", "rectification_days", "rectification_deadline"),
    date_keys=("rectification_deadline",),
    list_keys=("evidence", "cc"),
    # Art. 15: the 司法行政部门 issues the notice; a 司法所 may only ask for one (Art. 18).
    issuer_kinds=frozenset({OrganizationKind.JUSTICE_BUREAU}),
    legal_basis="第十五条",
    served=True,
)

SUPERVISION_DECISION = DocumentKind(
    slug="supervision_decision",
    title=_("行政执法监督决定书"),
    series="执监决",
    required=(
        "supervised_unit_name", "facts", "reasons", "legal_basis",
        "decision_type", "decision_type_display", "decision_content", "performance", "contact_person",
        "contact_phone",
    ),
    # notice_number / notice_served_on / instrument_title: the instrument not followed; absent when the
    # government decides directly on a 重大问题 (条例 Art. 29).
    optional=("cc", "title", "notice_number", "notice_served_on", "instrument_title"),
    date_keys=("notice_served_on",),
    list_keys=("cc",),
    # Art. 15: the bureau asks (报请) 本级人民政府, which issues the decision under its own seal.
    issuer_kinds=frozenset({OrganizationKind.GOVERNMENT}),
    legal_basis="第十五条",
    served=True,
)

_INSTRUMENT_KEYS = (
    "supervised_unit_name", "occasion", "act_supervised", "facts", "evidence", "problems", "provisions",
    "corrections", "time_limit_basis", "contact_person", "contact_phone",
)
# time_limit_due (a fixed date) or time_limit_days (from receipt): the 规定时限 printed on it.
_INSTRUMENT_OPTIONAL = ("time_limit_due", "time_limit_days", "time_limit_statutory", "findings", "cc", "title")

SUPERVISION_OPINION = DocumentKind(
    slug="supervision_opinion",
    title=_("行政执法监督意见书"),
    series="执监意",
    required=_INSTRUMENT_KEYS,
    optional=_INSTRUMENT_OPTIONAL,
    date_keys=("time_limit_due",),
    list_keys=("evidence", "findings", "cc"),
    # 条例 Art. 6, 28: the 行政执法监督机构 (the 司法行政部门); a 司法所 only assists.
    issuer_kinds=frozenset({OrganizationKind.JUSTICE_BUREAU}),
    legal_basis="《行政执法监督条例》第二十八条",
    served=True,
)

SUPERVISION_URGING_LETTER = DocumentKind(
    slug="supervision_urging_letter",
    title=_("行政执法监督督办函"),
    series="执监督",
    required=_INSTRUMENT_KEYS,
    optional=_INSTRUMENT_OPTIONAL,
    date_keys=("time_limit_due",),
    list_keys=("evidence", "findings", "cc"),
    issuer_kinds=frozenset({OrganizationKind.JUSTICE_BUREAU}),
    legal_basis="《行政执法监督条例》第二十七条",
    served=True,
)

DECISION_TYPES = {
    "confirm_invalid": _("确认行政行为无效"),
    "confirm_illegal": _("确认行政行为违法"),
    "modify": _("变更行政行为"),
    "revoke": _("撤销行政行为"),
    "other": _("其他处理决定"),
}

COORDINATION_OPINION = DocumentKind(
    slug="coordination_opinion",
    title=_("行政执法争议协调意见书"),
    series="协",
    required=(
        "dispute_number", "applicant_name", "other_party_names", "matter", "negotiation_summary", "positions",
        "meetings", "responsible_agency_name", "cooperating_agency_names", "basis", "requirements",
    ),
    # opinion: the agreed view itself (协调意见); duty: the enforcement duty at issue;
    # matter_detail: the fuller account of the matter behind the short `matter` phrase.
    optional=("opinion", "duty", "matter_detail", "cc", "title"),
    list_keys=("other_party_names", "positions", "meetings", "cooperating_agency_names", "cc"),
    dict_lists={
        "positions": (("party", "position", "basis"), ()),
        "meetings": (("date", "place", "attendees"), ("date",)),
    },
    # Art. 7: the 司法行政部门 coordinates; Art. 3: matters of comprehensive enforcement are
    # coordinated by the 综合行政执法指导机构.
    issuer_kinds=frozenset({OrganizationKind.JUSTICE_BUREAU, OrganizationKind.ENFORCEMENT_GUIDANCE}),
    legal_basis="第七条",
    served=True,
)

JOINT_ENFORCEMENT_PROPOSAL = DocumentKind(
    slug="joint_enforcement_proposal",
    title=_("联合执法建议书"),
    series="联建",
    required=(
        "grounds", "initiating_department_name", "participants", "target_scope", "period_start", "period_end",
        "key_matters",
    ),
    optional=("cc", "title"),
    date_keys=("period_start", "period_end"),
    list_keys=("grounds", "participants", "cc"),
    dict_lists={"participants": (("name", "duties"), ())},
    # Art. 8: proposed by the 司法行政部门 or the 综合行政执法指导机构.
    issuer_kinds=frozenset({OrganizationKind.JUSTICE_BUREAU, OrganizationKind.ENFORCEMENT_GUIDANCE}),
    legal_basis="第八条",
    served=True,
)

PROOF_OF_SERVICE = DocumentKind(
    slug="proof_of_service",
    title=_("送达回证"),
    series="送",
    required=("document_title", "document_number", "recipient_name", "recipient_address", "place", "method_display"),
    # Normally printed blank and signed on receipt; served_on is filled when it is reissued afterwards.
    optional=("served_on", "server_name", "notes", "title"),
    date_keys=("served_on",),
    issuer_kinds=None,
)

DECISION_REQUEST = DocumentKind(
    slug="decision_request",
    # It asks the government to decide, so it is a 请示 (one matter, 签发人, 附注 with the contact).
    title=_("提请决定的请示"),
    series="请",
    required=("matter", "facts", "reasons", "request", "attachments"),
    # opinion: the reporting body's own 处理意见 (条例 Art. 13, a dispute's 请示); closing: the 请示's 结语;
    # contact_person / contact_phone: the 附注 (GB/T 9704 7.3.6); signer_name: the 签发人 when not the issuing user.
    optional=("cc", "title", "opinion", "closing", "contact_person", "contact_phone", "signer_name"),
    list_keys=("attachments", "cc"),
    # Art. 7 (报本级人民政府决定) and Art. 15 (报请本级人民政府制发决定书): the bureau reports up.
    issuer_kinds=frozenset({OrganizationKind.JUSTICE_BUREAU, OrganizationKind.ENFORCEMENT_GUIDANCE}),
    legal_basis="第七条、第十五条；《行政执法监督条例》第二十九条",
    title_format="关于{matter}的请示",
    internal=True,
)

_BRIEFING_KEYS = {
    # period_label: 2026年10月 / 2026年第三季度 / 2026年度; summary: the computed paragraphs (the figures in
    # the text); tables: [{title, columns, rows, chart}] as frozen by the cockpit; commentary: the clerk's own.
    "required": ("period_label", "summary", "tables"),
    "optional": ("commentary", "commendations", "cc", "title", "contact_person", "contact_phone"),
    "list_keys": ("summary", "tables", "commendations", "cc"),
    "dict_lists": {"tables": (("title", "columns", "rows"), ())},
    "issuer_kinds": frozenset({OrganizationKind.JUSTICE_BUREAU}),
}

# 办法 Art. 9: the bureau's periodic 通报 on the supervision work of its area (cockpit.Briefing).
SUPERVISION_BRIEFING = DocumentKind(
    slug="supervision_briefing",
    title=_("行政执法监督工作通报"),
    series="执监通报",
    legal_basis="第九条",
    title_format="关于{period_label}行政执法监督工作情况的通报",
    **_BRIEFING_KEYS,
)

# 条例 Art. 6: the periodic report to 本级人民政府 (上行文, internal like the 请示).
SUPERVISION_WORK_REPORT = DocumentKind(
    slug="supervision_work_report",
    title=_("行政执法监督工作情况报告"),
    series="执监报",
    legal_basis="《行政执法监督条例》第六条",
    title_format="关于{period_label}行政执法监督工作情况的报告",
    internal=True,
    **_BRIEFING_KEYS,
)

KINDS: dict[str, DocumentKind] = {
    k.slug: k
    for k in (
        SUPERVISION_NOTICE, SUPERVISION_DECISION, SUPERVISION_OPINION, SUPERVISION_URGING_LETTER, COORDINATION_OPINION, JOINT_ENFORCEMENT_PROPOSAL, PROOF_OF_SERVICE,
        DECISION_REQUEST, SUPERVISION_BRIEFING, SUPERVISION_WORK_REPORT,
    )
}
KIND_CHOICES = [(k.slug, k.title) for k in KINDS.values()]
INTERNAL_KINDS = tuple(k.slug for k in KINDS.values() if k.internal)


def get_kind(slug: str) -> DocumentKind:
    try:
        return KINDS[slug]
    except KeyError as exc:
        raise ValueError(f"unknown document kind {slug!r}; one of {', '.join(KINDS)}") from exc


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# An official document of this system is one to a few pages (a notice ≈ 2,000 characters). The
# bounds keep a pasted book from holding the worker (300,000 characters held it 39 s, issue 15).
MAX_FIELD_CHARS = 10_000
MAX_CONTEXT_CHARS = 60_000


def check_sizes(context: Mapping) -> None:
    """Raise a ValidationError naming each text too long to print (user input: 400, never a 500)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    errors: dict[str, list[str]] = {}
    total = 0
    for key, value in context.items():
        texts = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] \
            if isinstance(value, list | tuple) else []
        size = sum(len(t) for t in texts)
        total += size
        if size > MAX_FIELD_CHARS:
            errors[key] = [gettext("内容过长：最多%(max)d字，现有%(n)d字。") % {"max": MAX_FIELD_CHARS, "n": size}]
    if not errors and total > MAX_CONTEXT_CHARS:
        errors["non_field_errors"] = [gettext("文书内容过长：合计最多%(max)d字。") % {"max": MAX_CONTEXT_CHARS}]
    if errors:
        raise ValidationError(errors)


def validate_context(kind: DocumentKind, context: Mapping) -> None:
    """Raise ValueError naming every missing or malformed key (a caller's bug, not user input)."""
    problems: list[str] = []
    missing = [key for key in kind.required if key not in context or _is_blank(context[key])]
    if missing:
        problems.append(f"missing context keys for {kind.slug}: {', '.join(missing)}")
    reserved = [key for key in COMMON_KEYS if key in context and key != "title"]
    if reserved:
        problems.append(f"keys set by issue_document itself: {', '.join(reserved)}")
    # A key the template does not know would silently vanish from the official document.
    unknown = sorted(set(context) - set(kind.required) - set(kind.optional) - set(COMMON_KEYS))
    if unknown:
        problems.append(f"keys the {kind.slug} template does not print: {', '.join(unknown)}")
    for key in kind.date_keys:
        value = context.get(key)
        if value is not None and not isinstance(value, dt.date):
            problems.append(f"{key} must be a date, got {type(value).__name__}")
    for key in kind.list_keys:
        value = context.get(key)
        if value is not None and not isinstance(value, list | tuple):
            problems.append(f"{key} must be a list, got {type(value).__name__}")
    for key, (item_keys, item_dates) in kind.dict_lists.items():
        for i, item in enumerate(context.get(key) or ()):
            if not isinstance(item, Mapping):
                problems.append(f"{key}[{i}] must be a dict with {', '.join(item_keys)}")
                continue
            absent = [k for k in item_keys if k not in item]
            if absent:
                problems.append(f"{key}[{i}] lacks {', '.join(absent)}")
            for k in item_dates:
                if item.get(k) is not None and not isinstance(item[k], dt.date):
                    problems.append(f"{key}[{i}].{k} must be a date")
    # The time limit is printed either as a date or as a period counted from receipt; never neither.
    for slug, date_key, days_key in (("supervision_notice", "rectification_deadline", "rectification_days"),
                                     ("supervision_opinion", "time_limit_due", "time_limit_days"),
                                     ("supervision_urging_letter", "time_limit_due", "time_limit_days")):
        if kind.slug == slug and _is_blank(context.get(date_key)) and _is_blank(context.get(days_key)):
            problems.append(f"{slug} needs {date_key} or {days_key}")
    if kind.slug == "supervision_decision" and context.get("decision_type") not in (None, *DECISION_TYPES):
        problems.append(f"decision_type must be one of {', '.join(DECISION_TYPES)}")
    if problems:
        raise ValueError("; ".join(problems))


def _to_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def load_context(kind: DocumentKind, stored: Mapping) -> dict:
    """The stored JSON context with its dates as `date` objects again (for the template)."""
    context = dict(stored)
    for key in kind.date_keys:
        if key in context:
            context[key] = _to_date(context[key])
    for key, (_item_keys, item_dates) in kind.dict_lists.items():
        items = []
        for item in context.get(key) or ():
            item = dict(item)
            for k in item_dates:
                if k in item:
                    item[k] = _to_date(item[k])
            items.append(item)
        if key in context:
            context[key] = items
    return context
