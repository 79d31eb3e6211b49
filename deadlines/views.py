"""HTML views: thin, each calls a selector or a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exports.responses import export_response
from shaoxing_supervision.pagination import paginate
from workflow.errors import WorkflowError
from workflow.filters import filter_page
from workflow.forms import apply_service_errors

from . import selectors, services
from .calendar import compute_due_date
from .exports import DEADLINE_COLUMNS
from .filters import DeadlineFilterSet
from .forms import CalculatorForm, ExtensionApproveForm, ExtensionRejectForm, ExtensionRequestForm


def _back(deadline):
    return deadline.subject_url() or deadline.get_absolute_url()




@login_required
def calculator(request):
    """The due-date calculator; with htmx only the result partial is returned."""
    result = None
    form = CalculatorForm(request.GET or None)
    if form.is_valid():
        result = compute_due_date(form.cleaned_data["received"], form.cleaned_data["days"])
    template = "deadlines/_calculator_result.html" if request.htmx else "deadlines/calculator.html"
    return render(request, template, {"form": form, "result": result})


@login_required
def deadline_list(request):
    filterset, deadlines = filter_page(request, DeadlineFilterSet, selectors.deadline_list(request.user))
    if export := export_response(request, deadlines, DEADLINE_COLUMNS, filename="期限"):
        return export
    page = paginate(request, deadlines)
    return render(request, "deadlines/list.html", {
        "deadlines": page.object_list, "page": page, "filter": filterset,
        "state": filterset.form.cleaned_data.get("state") if filterset.is_bound and filterset.is_valid() else ""})


@login_required
def deadline_detail(request, pk):
    deadline = selectors.get_deadline_for_user(request.user, pk)
    return render(request, "deadlines/detail.html", {"deadline": deadline, "subject": deadline.subject})


@login_required
@require_http_methods(["GET", "POST"])
def request_extension(request, pk):
    deadline = selectors.get_deadline_for_user(request.user, pk)
    form = ExtensionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_extension(deadline, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except WorkflowError as exc:
            messages.error(request, exc.message)
            return redirect(_back(deadline))
        else:
            messages.success(request, _("延期申请已提交，等待监督机关审批。"))
            return redirect(_back(deadline))
    return render(request, "deadlines/extension_form.html", {"form": form, "deadline": deadline, "title": _("申请延期")})


def _decide(request, pk, form_class, service, title, done):
    extension = selectors.get_extension_for_user(request.user, pk)
    deadline = extension.deadline
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(extension, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except WorkflowError as exc:
            messages.error(request, exc.message)
            return redirect(_back(deadline))
        else:
            messages.success(request, done)
            return redirect(_back(deadline))
    return render(
        request, "deadlines/extension_form.html", {"form": form, "deadline": deadline, "extension": extension, "title": title}
    )


@login_required
@require_http_methods(["GET", "POST"])
def approve_extension(request, pk):
    return _decide(request, pk, ExtensionApproveForm, services.approve_extension, _("批准延期"), _("已批准延期。"))


@login_required
@require_http_methods(["GET", "POST"])
def reject_extension(request, pk):
    return _decide(request, pk, ExtensionRejectForm, services.reject_extension, _("不予延期"), _("已决定不予延期。"))
