"""Clue pages: the citizen's public form and tracking page, and the bureau's triage pages (thin)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from attachments.responses import verified_file_response
from exports.responses import export_response
from organizations.models import Division
from shaoxing_supervision.pagination import paginate
from workflow.filters import filter_page
from workflow.forms import apply_service_errors
from workflow.views import PageAction, action_page

from . import privacy, ratelimit, selectors, services
from .exports import CLUE_COLUMNS, masked_for
from .filters import ClueFilterSet
from .forms import AssignForm, ClueForm, ConvertForm, DismissForm, ReplyForm
from .models import ClueState
from .rules import CLUE_WORKFLOW

# --- Public (Art. 4) ----------------------------------------------------------------------


def clue_new(request):
    """The public form: no account, phone-friendly, rate-limited per address."""
    if request.method == "GET" and request.htmx and "county" in request.GET:
        # The county select asks for its townships and agencies (htmx); no JS → every option is listed.
        county = Division.objects.filter(level=Division.Level.COUNTY, code=request.GET["county"]).first()
        form = ClueForm()
        form.fields["township"].queryset = selectors.townships(county) if county else selectors.townships().none()
        form.fields["agency"].queryset = selectors.agencies(county)
        return render(request, "clues/_area_fields.html", {"form": form})

    address = ratelimit.client_address(request)
    if request.method == "POST":
        try:
            with ratelimit.reserve(address) as slot:
                form = ClueForm(request.POST, request.FILES)
                clue = None
                if form.is_valid():
                    data = {k: v for k, v in form.cleaned_data.items() if k not in ("answer", "challenge", "website")}
                    try:
                        clue = services.submit_clue(**data)
                    except ValidationError as exc:
                        apply_service_errors(form, exc)
                slot.release = clue is None  # only accepted submissions count
        except ratelimit.RateLimited:
            return render(request, "clues/rate_limited.html", status=429)
        if clue is not None:
            request.session["clues_new_code"] = clue.tracking_code
            return redirect(clue.get_tracking_url())
        form.refresh_challenge()
    else:
        form = ClueForm()
    county = form["county"].value() if form.is_bound else None
    if county:
        form.fields["township"].queryset = selectors.townships(Division.objects.filter(code=county).first())
    return render(request, "clues/new.html", {"form": form}, status=400 if form.is_bound else 200)


def clue_track(request, code):
    """Only the status and the public reply: the content and the reporter stay with the bureau."""
    clue = selectors.clue_by_tracking_code(code)
    if clue is None:
        raise Http404(_("查询码不存在。"))
    just_submitted = request.session.pop("clues_new_code", None) == clue.tracking_code
    return render(request, "clues/track.html", {"clue": clue, "just_submitted": just_submitted})


@require_GET
def clue_track_lookup(request):
    code = request.GET.get("code", "")
    if code:
        clue = selectors.clue_by_tracking_code(code)
        if clue is not None:
            return redirect(clue.get_tracking_url())
        return render(request, "clues/track_lookup.html", {"code": code, "error": _("未找到该查询码，请核对后重试。")},
                      status=404)
    return render(request, "clues/track_lookup.html", {"code": ""})


# --- Staff ----------------------------------------------------------------------------------


@login_required
def clue_list(request):
    if not selectors.can_see_clues(request.user):
        raise PermissionDenied
    filterset, clues = filter_page(request, ClueFilterSet, selectors.clue_list(request.user))
    if export := export_response(request, clues, CLUE_COLUMNS, filename="群众线索", masked=masked_for(request.user)):
        return export
    page = paginate(request, clues)
    return render(request, "clues/list.html", {
        "clues": page.object_list, "page": page, "filter": filterset, "states": ClueState.choices,
    })


@login_required
def clue_detail(request, pk):
    clue = selectors.get_clue_for_user(request.user, pk)
    reporter = privacy.reporter_for(request.user, clue)
    privacy.record_view(request, clue, reporter)
    return render(request, "clues/detail.html", {
        "clue": clue,
        "reporter": reporter,
        "actions": CLUE_WORKFLOW.allowed_transitions(clue, request.user),
        "transitions": [(t, ACTION_LABELS.get(t.action, t.action)) for t in clue.transitions.select_related("actor")],
        "attachments": clue.attachments.all(),
    })


ACTION_LABELS = {"submit": gettext_lazy("群众提交"), **{t.action: t.label for t in CLUE_WORKFLOW.transitions}}

def _takes_clue(request, clue):
    return {"clue": clue}


def _done(label):
    return lambda result: _("已%(label)s。") % {"label": label}


ACTIONS = {
    "assign": PageAction(AssignForm, lambda clue, user, d: services.assign_clue(clue, acting_user=user, **d),
                         form_kwargs=_takes_clue, success=_done(CLUE_WORKFLOW["assign"].label)),
    "dismiss": PageAction(DismissForm, lambda clue, user, d: services.dismiss_clue(clue, acting_user=user, **d),
                          success=_done(CLUE_WORKFLOW["dismiss"].label)),
    "reply": PageAction(ReplyForm, lambda clue, user, d: services.reply_to_clue(clue, acting_user=user, **d),
                        success=_done(CLUE_WORKFLOW["reply"].label)),
    "convert_to_case": PageAction(ConvertForm, lambda clue, user, d: services.convert_clue_to_case(
        clue, acting_user=user, **d), form_kwargs=_takes_clue, success=_done(CLUE_WORKFLOW["convert_to_case"].label)),
}


@login_required
def clue_action(request, pk, action):
    """One confirmation form per action; the POST calls the same service as the API."""
    clue = selectors.get_clue_for_user(request.user, pk)
    return action_page(request, clue, action, actions=ACTIONS, workflows=CLUE_WORKFLOW, template="clues/action.html",
                       object_name="clue")


@login_required
def attachment_download(request, pk, key):
    clue = selectors.get_clue_for_user(request.user, pk)
    attachment = get_object_or_404(clue.attachments, key=key)
    return verified_file_response(attachment.file, attachment.sha256, attachment.original_name,
                                  content_type=attachment.content_type,
                                  inline=attachment.content_type.startswith("image/"))
