"""Pages of drafting and sign-off (拟稿 → 核稿 → 签发): start a draft from the case, read its versions
(样稿 PDF, diff, 核稿意见), and act on it. Thin: every change goes through `documents.drafting`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from workflow.acting import perform_as
from workflow.errors import ActionNotPermitted, WorkflowError
from workflow.forms import StyledForm, apply_service_errors
from workflow.views import PageAction, action_page

from . import drafting, flows
from .selectors import get_draft_for_user


class CommentForm(StyledForm):
    comment = forms.CharField(label=gettext_lazy("核稿意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                              required=False)


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=gettext_lazy("撤销理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500,
                             required=False)


def raw_inputs(form, data) -> dict:
    """The values as typed (lists for multiple choices): stored on the version, read by the form again at 签发."""
    out = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            out[name] = data.getlist(name)
        elif name in data:
            out[name] = data.get(name)
    return out


@login_required
@require_http_methods(["GET", "POST"])
def draft_start(request, flow_key, subject_pk):
    """拟稿: the action's own form, prefilled from the case; saving makes the first version and its 样稿."""
    flow = flows.get_flow(flow_key)
    subject = flow.get_subject(request.user, subject_pk)
    if not flows.may_draft(request.user, flow, subject) or not flow.available(subject):
        messages.error(request, _("您不能在本案当前环节拟制%(doc)s。") % {"doc": flow.label})
        return redirect(subject)
    posted = request.method == "POST"
    form = flow.form(subject, request.POST if posted else None, user=request.user)
    if posted and form.is_valid():
        try:
            draft = perform_as(request.user, drafting.start_flow_draft, flow.key, subject,
                               inputs=raw_inputs(form, request.POST), acting_user=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except WorkflowError as exc:
            messages.error(request, exc.message)
            return redirect(subject)
        else:
            messages.success(request, _("已拟稿（第1稿），请核对样稿后送核。"))
            return redirect(draft)
    label = _("拟稿：%(doc)s") % {"doc": flow.label}
    return render(request, "documents/draft_start.html", {
        "form": form, "flow": flow, "subject": subject, "label": label, "title": label,
        "cancel_url": subject.get_absolute_url(),
    }, status=400 if posted else 200)


@login_required
def draft_detail(request, pk):
    draft = get_draft_for_user(request.user, pk)
    versions = list(draft.versions.select_related("created_by").order_by("-number"))
    return render(request, "documents/draft_detail.html", {
        "draft": draft, "versions": versions, "subject": draft.subject,
        "flow": flows.get_flow(draft.flow) if draft.flow else None,
        "actions": [(a, ACTION_LABELS[a]) for a in drafting.allowed_draft_actions(draft, request.user)],
    })


@login_required
def draft_preview(request, pk, number):
    """A version's 样稿 PDF (watermarked, no number)."""
    draft = get_draft_for_user(request.user, pk)
    version = draft.versions.filter(number=number).first()
    if version is None or not version.preview:
        raise Http404
    response = FileResponse(version.preview.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="draft-{draft.pk}-{version.number}.pdf"'
    return response


ACTION_LABELS = {
    "revise": gettext_lazy("修改稿件"),
    "submit": gettext_lazy("送核"),
    "return": gettext_lazy("退回修改"),
    "approve": gettext_lazy("核稿通过"),
    "sign": gettext_lazy("签发"),
    "withdraw": gettext_lazy("撤销稿件"),
}


def _allowed(action):
    def precheck(draft, user):
        if action not in drafting.allowed_draft_actions(draft, user):
            raise ActionNotPermitted(_("您现在不能对该稿件“%(label)s”。") % {"label": ACTION_LABELS[action]})
    return precheck


def _actions(request, draft) -> dict[str, PageAction]:
    flow = flows.get_flow(draft.flow) if draft.flow else None
    revise_form = flow.page_action.form if flow else None

    def revise_kwargs(req, d):
        kwargs = flow.page_action.form_kwargs(None, d.subject) if flow.page_action.form_kwargs else {}
        return {**kwargs, "initial": d.current.inputs}

    def revise(d, user, data):
        form = revise_form(request.POST, **revise_kwargs(request, d))
        return drafting.revise_draft(d, context=raw_inputs(form, request.POST), acting_user=user)

    actions = {
        "submit": PageAction(None, lambda d, u, data: drafting.submit_draft(d, acting_user=u),
                             success=gettext_lazy("已送核。"), label=ACTION_LABELS["submit"]),
        "return": PageAction(CommentForm, lambda d, u, data: drafting.return_draft(d, comment=data["comment"], acting_user=u),
                             success=gettext_lazy("已退回拟稿人修改。"), label=ACTION_LABELS["return"]),
        "approve": PageAction(None, lambda d, u, data: drafting.approve_draft(d, acting_user=u),
                              success=gettext_lazy("核稿通过，待负责人签发。"), label=ACTION_LABELS["approve"]),
        "sign": PageAction(None, lambda d, u, data: drafting.sign_draft(d, acting_user=u),
                           success=lambda doc: _("已签发：%(number)s，正在生成 PDF。") % {"number": doc.number},
                           label=ACTION_LABELS["sign"],
                           confirm=gettext_lazy("签发后即编号、生成正式文本并盖章，案件进入下一环节。"),
                           next_url=lambda d, doc: d.subject.get_absolute_url()),
        "withdraw": PageAction(WithdrawForm, lambda d, u, data: drafting.withdraw_draft(d, reason=data["reason"], acting_user=u),
                               success=gettext_lazy("稿件已撤销。"), label=ACTION_LABELS["withdraw"]),
    }
    if flow is not None:
        actions["revise"] = PageAction(revise_form, revise, form_kwargs=revise_kwargs, label=ACTION_LABELS["revise"],
                                       success=lambda v: _("已保存第%(n)s稿。") % {"n": v.number})
    return {name: PageAction(**{**spec.__dict__, "precheck": _allowed(name)}) for name, spec in actions.items()}


@login_required
@require_http_methods(["GET", "POST"])
def draft_action(request, pk, action):
    draft = get_draft_for_user(request.user, pk)
    return action_page(request, draft, action, actions=_actions(request, draft), template="documents/draft_action.html",
                       object_name="draft")
