"""Records centre pages (thin): the scoped list, one record, the import page with its template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from attachments.responses import verified_file_response
from shaoxing_supervision.pagination import paginate
from workflow.errors import WorkflowError
from workflow.filters import filter_page
from workflow.forms import apply_service_errors

from . import sampling, selectors, services, warnings
from .filters import RecordFilterSet
from .forms import ImportForm, SampleForm
from .models import ImportBatch, RecordKind
from .reading import template_csv, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def record_list(request):
    filterset, records = filter_page(request, RecordFilterSet, selectors.record_list(request.user))
    page = paginate(request, records, per_page=50)
    kind, q = request.GET.get("kind", ""), request.GET.get("q", "").strip()
    return render(request, "enforcement_records/list.html", {
        "page_obj": page, "page": page, "filter": filterset, "records": page.object_list, "kinds": RecordKind.choices, "kind": kind, "q": q,
        "batches": selectors.batch_list(request.user)[:10],
    })


@login_required
def record_detail(request, pk):
    record = selectors.get_record_for_user(request.user, pk)
    leads = []
    from leads.selectors import lead_queryset

    leads = lead_queryset(request.user).filter(record=record)
    return render(request, "enforcement_records/detail.html", {
        "record": record, "parties": record.parties.all(), "officers": record.officers.all(), "leads": leads})


@login_required
def import_page(request):
    agencies = services.agencies_for(request.user)
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, agencies=agencies)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["content"] == ImportBatch.Content.WARNINGS:
                    batch = warnings.import_warnings_file(upload=data["file"], acting_user=request.user)
                    messages.success(request, _("已导入外部预警：新增%(n)d条，已存在%(m)d条。") % {
                        "n": batch.created_count, "m": batch.unchanged_count})
                    return redirect("leads:list")
                if data["agency"] is None:
                    raise ValidationError({"agency": [_("请选择报送机关。")]})
                result = services.import_file(agency=data["agency"], upload=data["file"], acting_user=request.user)
                messages.success(request, _("导入成功：新增%(c)d条，更新%(u)d条，未变%(s)d条。") % {
                    "c": result.created, "u": result.updated, "s": result.unchanged})
                return redirect("enforcement_records:batch", pk=result.batch.pk)
            except services.ImportRejected as exc:
                report = exc.report
                form.add_error(None, _("整批未导入：共发现%(n)d处错误，请修改后重新上传（原文件已留存，SHA-256 %(h)s…）。") % {
                    "n": len(report), "h": exc.batch.sha256[:12]})
            except ValidationError as exc:
                apply_service_errors(form, exc)
    else:
        form = ImportForm(agencies=agencies)
    return render(request, "enforcement_records/import.html", {"form": form, "report": report},
                  status=400 if report else 200)


@login_required
def template_download(request):
    content = "warnings" if request.GET.get("content") == "warnings" else "records"
    if request.GET.get("format") == "csv":
        response = HttpResponse(template_csv(content), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{content}-template.csv"'
    else:
        response = HttpResponse(template_xlsx(content), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{content}-template.xlsx"'
    return response


@login_required
def batch_detail(request, pk):
    batch = selectors.get_batch_for_user(request.user, pk)
    return render(request, "enforcement_records/batch.html", {"batch": batch,
                                                              "records": batch.records.all()[:100]})


@login_required
def batch_file(request, pk):
    batch = selectors.get_batch_for_user(request.user, pk)
    return verified_file_response(batch.file, batch.sha256, batch.original_name)


@login_required
def sample_new(request):
    """案卷评查抽样 (Art. 11 (2)): a seeded random sample of an agency's records, optionally straight into sheets."""
    from organizations.scoping import visible_to
    from supervision.models import Method, SupervisionCase

    agencies = services.agencies_for(request.user)
    agencies = agencies.filter(pk__in=[a.pk for a in agencies if sampling.can_sample(request.user, a)])
    cases = visible_to(request.user, SupervisionCase.objects.filter(method=Method.FILE_REVIEW))
    form = SampleForm(request.POST or None, agencies=agencies, cases=cases)
    if request.method == "POST" and form.is_valid():
        try:
            sample = sampling.draw_sample(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("enforcement_records:sample", pk=sample.pk)
    return render(request, "enforcement_records/sample_new.html", {"form": form})


@login_required
def sample_detail(request, pk):
    from organizations.scoping import get_object_for_user

    from .models import ReviewSample

    sample = get_object_for_user(request.user, ReviewSample.objects.select_related("agency", "case", "drawn_by"), pk=pk)
    records = sample.records.order_by("case_number", "pk")
    return render(request, "enforcement_records/sample.html", {
        "sample": sample, "records": records, "reproducible": sampling.redraw(sample) == [r.pk for r in records]})
