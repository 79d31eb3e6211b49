"""HTML views: thin, scoped by the selectors, writing through the services."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from exports.responses import export_response
from shaoxing_supervision.pagination import paginate
from workflow.errors import WorkflowError
from workflow.filters import filter_page
from workflow.forms import StyledForm

from . import services
from .exports import DOCUMENT_COLUMNS
from .filters import DocumentFilter
from .selectors import document_list_for_user, get_document_for_user, subject_for_user
from .storage import DocumentIntegrityError, read_for_download


class ReasonForm(StyledForm):
    reason = forms.CharField(label=gettext_lazy("原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                             error_messages={"required": gettext_lazy("请填写原因。")})


@login_required
def document_list(request):
    filterset, documents = filter_page(request, DocumentFilter, document_list_for_user(request.user))
    if export := export_response(request, documents, DOCUMENT_COLUMNS, filename="公文"):
        return export
    page = paginate(request, documents)
    return render(request, "documents/list.html", {"form": filterset.form, "filter": filterset, "page": page})


@login_required
def document_detail(request, pk):
    document = get_document_for_user(request.user, pk)
    return render(request, "documents/detail.html", {
        "document": document,
        "can_manage": services.can_manage_document(request.user, document),
        "transitions": document.transitions.select_related("actor"),
        "subject": subject_for_user(request.user, document),
    })


@login_required
def document_card(request, pk):
    """The card alone: what the htmx poll swaps in while the PDF is rendering."""
    document = get_document_for_user(request.user, pk)
    return render(request, "documents/_card.html", {
        "document": document, "can_manage": services.can_manage_document(request.user, document),
    })


def _refuse(request, message: str, status: int):
    return render(request, "documents/refused.html", {"message": message}, status=status)


@login_required
def document_pdf(request, pk):
    document = get_document_for_user(request.user, pk)
    if not document.is_downloadable:
        return _refuse(request, _("该公文的 PDF 尚未生成（状态：%(state)s），请稍后再试。")
                       % {"state": document.get_status_display()}, 409)
    try:
        # A void document is served with its 作废 stamp; ?original=1 gives the PDF as issued.
        data, sha256 = read_for_download(document, original=request.GET.get("original") == "1")
    except DocumentIntegrityError:
        return _refuse(request, _("文件校验失败：存储的 PDF 与签发时记录的 SHA-256 不一致，已拒绝下载并记录。请联系系统管理员。"), 500)
    return _pdf_response(document, data, sha256)


def _pdf_response(document, data: bytes, sha256: str) -> HttpResponse:
    import io

    response = FileResponse(io.BytesIO(data), content_type="application/pdf", as_attachment=False,
                            filename=f"{document.number}.pdf")
    response["Content-Length"] = str(len(data))
    response["X-Content-SHA256"] = sha256
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def document_preview(request, pk):
    document = get_document_for_user(request.user, pk)
    if not document.preview:
        return HttpResponse(status=404)
    response = FileResponse(document.preview.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def _action(request, pk, *, template: str, run, needs_reason: bool, success: str):
    document = get_document_for_user(request.user, pk)
    if not services.can_manage_document(request.user, document):
        return _refuse(request, _("只有发文机关负责人可以执行此操作。"), 403)
    form = ReasonForm(request.POST or None) if needs_reason else None
    error = None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            result = run(document, **({"reason": form.cleaned_data["reason"]} if form else {}))
        except WorkflowError as exc:
            error = exc.message
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            messages.success(request, success % {"number": result.number})
            return redirect(result)
    return render(request, template, {"document": document, "form": form, "error": error},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def document_void(request, pk):
    return _action(request, pk, template="documents/void.html", needs_reason=True,
                   run=lambda d, reason: services.void_document(d, reason=reason, acting_user=request.user),
                   success=_("公文 %(number)s 已作废（保留存档，文号不再使用）。"))


@login_required
@require_http_methods(["GET", "POST"])
def document_reissue(request, pk):
    return _action(request, pk, template="documents/reissue.html", needs_reason=True,
                   run=lambda d, reason: services.reissue_document(d, reason=reason, acting_user=request.user),
                   success=_("已更正重发，新文号 %(number)s，正在生成 PDF。"))


@login_required
@require_http_methods(["GET", "POST"])
def document_retry(request, pk):
    return _action(request, pk, template="documents/retry.html", needs_reason=False,
                   run=lambda d: services.retry_rendering(d, acting_user=request.user),
                   success=_("公文 %(number)s 正在重新生成。"))


def _verify_upload(request):
    from .verification import MAX_UPLOAD_BYTES, check_upload

    upload = request.FILES.get("file")
    if upload is None:
        return None, _("请选择要核验的 PDF 文件。")
    if upload.size > MAX_UPLOAD_BYTES:
        return None, _("文件过大（上限 20 MB）。")
    return check_upload(upload.read()), ""


def public_verify(request, code):
    """/verify/<code>/: no login. Number, issuer, date, state and SHA-256 only; an uploaded PDF is checked."""
    from .verification import find_by_code, public_record

    document = find_by_code(code)
    check, error = (None, "")
    if request.method == "POST":
        check, error = _verify_upload(request)
    record = public_record(document) if document else None
    status = 200 if record or check else 404
    return render(request, "documents/verify.html", {"record": record, "check": check, "error": error}, status=status)
