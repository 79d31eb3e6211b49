"""案卷评查 pages (thin): sheets per file-review case, the scoring templates, the statistics."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import Organization, OrganizationKind
from organizations.scoping import active_memberships
from shaoxing_supervision.pagination import paginate
from supervision.selectors import get_case_for_user
from workflow.errors import WorkflowError
from workflow.forms import apply_service_errors
from workflow.views import PageAction, action_page

from . import selectors, services
from .forms import DiscardForm, SheetForm, TemplateForm, TemplateItemFormSet, items_from_formset, sheet_initial
from .models import Category, Grade
from .rules import SHEET_WORKFLOW, may_edit_sheet, may_edit_template


def _require_supervisor(user) -> None:
    # Agencies are parties to cases but never see how their files were scored here.
    if not selectors.can_use_case_reviews(user):
        raise PermissionDenied


def _apply_errors(form, exc: ValidationError, formset_errors: list | None = None) -> None:
    """Service errors onto the sheet form; the per-item ("items") ones go beside the score rows."""
    elsewhere = {"items": formset_errors} if formset_errors is not None else None
    apply_service_errors(form, exc, elsewhere=elsewhere)



@login_required
def index(request):
    _require_supervisor(request.user)
    page = paginate(request, selectors.sheet_list(request.user))
    return render(request, "case_reviews/index.html", {"sheets": page.object_list, "page": page})


def _file_review_case(request, case_pk):
    _require_supervisor(request.user)
    case = get_case_for_user(request.user, case_pk)
    if case.method != services.FILE_REVIEW:
        raise Http404(_("该案件的监督方式不是案卷评查。"))
    return case


@login_required
def case_sheets(request, case_pk):
    case = _file_review_case(request, case_pk)
    sheets = selectors.sheet_list(request.user, case=case)
    return render(request, "case_reviews/case_sheets.html", {
        "case": case, "sheets": sheets, "can_add": may_edit_sheet(request.user, case) and not case.is_closed,
    })


@login_required
def sheet_create(request, case_pk):
    case = _file_review_case(request, case_pk)
    if not may_edit_sheet(request.user, case):
        raise PermissionDenied
    templates = selectors.templates_for_case(case)
    template = services.default_template_for(case.handling_org)
    chosen = request.GET.get("template")
    if chosen and chosen.isascii() and chosen.isdigit() and len(chosen) < 19:
        template = templates.filter(pk=chosen).first() or template
    if template is None:
        messages.error(request, _("尚无可用的评查模板，请先由司法局制定评查模板。"))
        return redirect("case_reviews:case-sheets", case_pk=case.pk)
    # The template is chosen by a GET form above (?template=): the items of the sheet follow it.
    if request.method == "POST":
        form = SheetForm(request.POST, case=case, template=template)
        if form.is_valid():
            try:
                sheet = services.create_sheet(case=case, template=template, acting_user=request.user,
                                              **form.service_kwargs())
            except ValidationError as exc:
                _apply_errors(form, exc)
            except WorkflowError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("评查表已保存为草稿。"))
                return redirect(sheet)
        status = 400
    else:
        initial = {"reviewed_on": timezone.localdate(), "reviewers": [request.user.pk]}
        if case.supervised_units.count() == 1:
            initial["agency"] = case.supervised_units.first().pk
        form = SheetForm(initial=initial, case=case, template=template)
        status = 200
    return render(request, "case_reviews/sheet_form.html", {"form": form, "case": case, "template": template,
                                                             "templates": templates, "sheet": None}, status=status)


@login_required
def sheet_detail(request, pk):
    _require_supervisor(request.user)
    sheet = selectors.get_sheet_for_user(request.user, pk)
    return render(request, "case_reviews/sheet_detail.html", {
        "sheet": sheet,
        "scores": sheet.scores.all(),
        "actions": SHEET_WORKFLOW.allowed_transitions(sheet, request.user),
        "can_edit": sheet.is_editable and may_edit_sheet(request.user, sheet),
        "transitions": sheet.transitions.select_related("actor"),
        "correction": getattr(sheet, "superseded_by", None),
    })


@login_required
def sheet_edit(request, pk):
    _require_supervisor(request.user)
    sheet = selectors.get_sheet_for_user(request.user, pk)
    if not may_edit_sheet(request.user, sheet):
        raise PermissionDenied
    if not sheet.is_editable:
        messages.error(request, _("评查表已%(state)s，不能修改；如需更正，请新建更正评查表。")
                       % {"state": sheet.get_state_display()})
        return redirect(sheet)
    if request.method == "POST":
        form = SheetForm(request.POST, case=sheet.case, template=sheet.template)
        if form.is_valid():
            try:
                services.update_sheet(sheet, acting_user=request.user, **form.service_kwargs())
            except ValidationError as exc:
                _apply_errors(form, exc)
            except WorkflowError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("评查表已保存。"))
                return redirect(sheet)
        status = 400
    else:
        form = SheetForm(initial=sheet_initial(sheet), case=sheet.case, template=sheet.template)
        status = 200
    return render(request, "case_reviews/sheet_form.html", {"form": form, "case": sheet.case,
                                                             "template": sheet.template, "sheet": sheet}, status=status)


SHEET_ACTIONS = {
    "finalise": PageAction(None, lambda sheet, user, d: services.finalise_sheet(sheet, acting_user=user),
                           success=lambda result: _("已定稿：%(total)s分，%(grade)s。")
                           % {"total": result.total_score, "grade": result.get_grade_display()},
                           next_url=lambda sheet, result: result),
    "correct": PageAction(None, lambda sheet, user, d: services.correct_sheet(sheet, acting_user=user),
                          success=gettext_lazy("已新建更正评查表，定稿后原评查表标记为已被更正。"),
                          next_url=lambda sheet, result: reverse("case_reviews:sheet-edit", args=[result.pk])),
    "discard": PageAction(DiscardForm, lambda sheet, user, d: services.discard_sheet(
        sheet, acting_user=user, reason=d["reason"]), success=gettext_lazy("草稿已作废。"),
        next_url=lambda sheet, result: result),
}


def _sheet_totals(sheet, action):
    return {"total": sheet.computed_total(), "grade": sheet.computed_grade()}


@login_required
def sheet_action(request, pk, action):
    """Each action has its confirmation page; the POST calls the same service as the API."""
    _require_supervisor(request.user)
    sheet = selectors.get_sheet_for_user(request.user, pk)
    return action_page(request, sheet, action, actions=SHEET_ACTIONS, workflows=SHEET_WORKFLOW,
                       template="case_reviews/sheet_action.html", object_name="sheet", extra_context=_sheet_totals)


# --- Templates -----------------------------------------------------------------------------


def _owned_bureaus(user) -> list[Organization]:
    return [m.organization for m in active_memberships(user)
            if m.organization.kind == OrganizationKind.JUSTICE_BUREAU and may_edit_template(user, m.organization)]


@login_required
def template_list(request):
    _require_supervisor(request.user)
    return render(request, "case_reviews/template_list.html", {
        "templates": selectors.template_list(), "can_create": bool(_owned_bureaus(request.user)),
    })


@login_required
def template_detail(request, pk):
    _require_supervisor(request.user)
    template = selectors.get_template(pk)
    totals = {}
    for item in template.items.all():
        totals[item.get_category_display()] = totals.get(item.get_category_display(), 0) + item.max_points
    return render(request, "case_reviews/template_detail.html", {
        "template": template, "category_totals": totals,
        "can_edit": may_edit_template(request.user, template.owner) and not hasattr(template, "next_version"),
    })


def _template_items_initial(template) -> list[dict]:
    return [{"category": i.category, "description": i.description, "max_points": i.max_points.normalize()}
            for i in template.items.all()]


@login_required
def template_edit(request, pk=None):
    """Edit a template (a new version once sheets use it), or create one for the user's bureau."""
    _require_supervisor(request.user)
    template = selectors.get_template(pk) if pk else None
    source = template
    if template is None:
        bureaus = _owned_bureaus(request.user)
        if not bureaus:
            raise PermissionDenied
        copy_from = request.GET.get("from") or request.POST.get("from")
        source = selectors.template_list().filter(pk=copy_from).first() if copy_from else None
    elif not may_edit_template(request.user, template.owner):
        raise PermissionDenied
    formset_errors: list[str] = []
    if request.method == "POST":
        form = TemplateForm(request.POST)
        formset = TemplateItemFormSet(request.POST, prefix="items")
        if form.is_valid() and formset.is_valid():
            items = items_from_formset(formset)
            try:
                if template is not None:
                    result = services.update_template(template, name=form.cleaned_data["name"], items=items,
                                                      description=form.cleaned_data["description"],
                                                      acting_user=request.user)
                    if result.pk != template.pk:
                        messages.success(request, _("该模板已有评查表使用，已保存为第%(v)d版；已有评查表仍按原版本计分。")
                                         % {"v": result.version})
                    else:
                        messages.success(request, _("评查模板已保存。"))
                else:
                    result = services.create_template(owner=_owned_bureaus(request.user)[0],
                                                      name=form.cleaned_data["name"], items=items,
                                                      description=form.cleaned_data["description"],
                                                      acting_user=request.user)
                    messages.success(request, _("评查模板已创建。"))
                return redirect(result)
            except ValidationError as exc:
                _apply_errors(form, exc, formset_errors)
            except WorkflowError as exc:
                form.add_error(None, exc.message)
        status = 400
    else:
        form = TemplateForm(initial={"name": source.name if source else "",
                                     "description": source.description if source else ""})
        formset = TemplateItemFormSet(prefix="items", initial=_template_items_initial(source) if source else None)
        status = 200
    return render(request, "case_reviews/template_form.html", {
        "template": template, "form": form, "formset": formset, "formset_errors": formset_errors,
        "in_use": template is not None and template.sheets.exists(), "source": source,
    }, status=status)


# --- Statistics ---------------------------------------------------------------------------


def _statistics_params(request) -> tuple[str | None, int | None]:
    county = request.GET.get("county") or None
    try:
        year = int(request.GET["year"]) if request.GET.get("year") else None
    except ValueError:
        year = None
    return county, year


@login_required
def statistics(request):
    _require_supervisor(request.user)
    county, year = _statistics_params(request)
    stats = selectors.review_statistics(request.user, county=county, year=year)
    return render(request, "case_reviews/statistics.html", {
        "stats": stats, "county": county or "", "year": year, "grades": list(Grade),
        "counties": selectors.statistics_counties(request.user), "years": selectors.statistics_years(request.user),
        "categories": dict(Category.choices), "query": request.GET.urlencode(),
    })


@login_required
def statistics_csv(request):
    """The same figures as the page, for a spreadsheet (UTF-8 with BOM so Excel reads the Chinese)."""
    _require_supervisor(request.user)
    county, year = _statistics_params(request)
    stats = selectors.review_statistics(request.user, county=county, year=year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="case-review-statistics.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("年度"), _("执法机关"), _("所属区划"), _("评查案卷数"), _("平均分"), _("最低分"),
                     *[g.label for g in Grade], _("主要扣分项（次数）")])
    for row in stats["rows"]:
        writer.writerow([
            row["year"], row["agency__name"], row["agency__division__name"], row["files"],
            f"{row['average']:.1f}", f"{row['lowest']:.1f}", *[row["grades"][g.value] for g in Grade],
            "；".join(f"{d['description']}（{d['times']}）" for d in row["top_deductions"]),
        ])
    return response
