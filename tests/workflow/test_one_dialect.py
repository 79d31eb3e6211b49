"""One dialect across the apps: one action page, one refusal, one form styling (issue 14)."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.conf import settings

from disputes.models import DisputeAttachment, DisputeState
from tests.disputes.factories import ENFORCEMENT, draft, org, submitted
from workflow.forms import FILE_NOT_KEPT, StyledFormMixin

PROJECT_APPS = [c.name for c in apps.get_app_configs() if str(c.path).startswith(str(settings.BASE_DIR))
                and ".venv" not in str(c.path)]


def project_form_classes():
    for app in PROJECT_APPS:
        for module_name in ("forms", "views", "filters"):
            try:
                importlib.import_module(f"{app}.{module_name}")
            except ModuleNotFoundError:
                continue
    seen, stack = set(), [forms.Form]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return [c for c in seen if c.__module__.split(".")[0] in PROJECT_APPS and not c.__module__.endswith("admin")]


def test_every_project_form_is_styled_by_the_one_mixin():
    classes = project_form_classes()
    assert len(classes) > 40
    unstyled = sorted(f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, StyledFormMixin))
    assert not unstyled, "forms that style themselves (use workflow.forms.StyledForm):\n" + "\n".join(unstyled)


def test_no_app_adds_bootstrap_classes_itself():
    offenders = []
    for app in PROJECT_APPS:
        config = apps.get_app_config(app.split(".")[-1])
        for module_name in ("forms", "views", "filters"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            if module.__name__ == "workflow.forms":
                continue  # the one place that knows Bootstrap's classes
            source = inspect.getsource(module)
            if '"form-control' in source or '"form-select' in source:
                offenders.append(module.__name__)
    assert not offenders, offenders


@pytest.mark.parametrize("path, who", [
    ("/disputes/{dispute}/act/accept/", "agency.market"),
    ("/disputes/{dispute}/act/close/", "yuecheng.reviewer"),
])
def test_a_refused_page_action_goes_back_to_the_object_with_the_reason(client_for, world, path, who):
    dispute = submitted(world)
    response = client_for(who).post(path.format(dispute=dispute.pk), {"note": "x"}, follow=True)
    assert response.redirect_chain[-1] == (f"/disputes/{dispute.pk}/", 302)
    text = response.content.decode()
    assert "无权执行" in text or "不能执行" in text
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.SUBMITTED


def test_the_button_is_the_label_of_the_transition_table(client_for, world):
    dispute = submitted(world)
    page = client_for("yuecheng.reviewer").get(f"/disputes/{dispute.pk}/act/accept/").content.decode()
    assert 'data-testid="confirm">受理</button>' in page


def test_a_file_dropped_by_a_failed_submission_is_asked_for_again(client_for, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    dispute = draft(world)
    upload = SimpleUploadedFile("协商纪要.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                                content_type="application/pdf")
    response = client_for("township.office").post(f"/disputes/{dispute.pk}/act/add_attachment/", {
        "file": upload, "kind": "no-such-kind", "description": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert str(FILE_NOT_KEPT) in page
    # The message is tied to the file input (aria-describedby points at an element that exists).
    assert 'id="id_file_error"' in page and 'aria-describedby="id_file_helptext id_file_error"' in page
    assert not DisputeAttachment.objects.filter(dispute=dispute).exists()


def test_filters_offer_all_instead_of_dashes(client_for, world):
    page = client_for("yuecheng.reviewer").get("/supervision/").content.decode()
    assert "---------" not in page
    assert ">全部</option>" in page
    assert org(ENFORCEMENT)  # the cast is there


def test_the_workflow_refuses_nobody_unless_the_call_says_it_is_the_system(world):
    from disputes.rules import DISPUTE_WORKFLOW
    from workflow.errors import ActionNotPermitted
    from workflow.machine import transition

    dispute = submitted(world)
    with pytest.raises(ActionNotPermitted):
        transition(dispute, workflow=DISPUTE_WORKFLOW, action="accept", actor=None)
    assert type(dispute).objects.get(pk=dispute.pk).state == DisputeState.SUBMITTED
