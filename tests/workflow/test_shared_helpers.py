"""The workflow app's shared pieces: service errors shown on forms, read-only timelines in the admin."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.management import call_command

from workflow.forms import apply_service_errors


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False)


def test_a_service_error_lands_beside_its_field_or_on_top_of_the_form():
    form = ReasonForm(data={"reason": ""})
    form.is_valid()

    apply_service_errors(form, ValidationError({"reason": ["请填写不予受理的理由。"], "state": ["已被他人处理。"]}))

    assert form.errors["reason"] == ["请填写不予受理的理由。"]
    assert form.non_field_errors() == ["已被他人处理。"]


def test_a_plain_service_error_goes_on_top_and_routed_fields_are_collected_elsewhere():
    form = ReasonForm(data={})
    form.is_valid()
    rows: list[str] = []

    apply_service_errors(form, ValidationError({"items": ["第3项扣分超过该项分值。"]}), elsewhere={"items": rows})
    apply_service_errors(form, ValidationError("当前状态不能执行该操作。"))

    assert rows == ["第3项扣分超过该项分值。"]
    assert form.non_field_errors() == ["当前状态不能执行该操作。"]


@pytest.mark.django_db
def test_the_admin_shows_each_workflow_timeline_read_only(client, world):
    from clues.models import Clue
    from disputes.models import Dispute
    from joint_actions.models import JointActionProposal
    from supervision.models import SupervisionCase

    call_command("seed_demo", "--force")
    client.force_login(world.user("admin"))
    for model in (Dispute, SupervisionCase, JointActionProposal, Clue):
        obj = model.objects.first()
        if obj is None:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/change/"
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        # Timeline rows are shown as text; none is an editable form, none can be added.
        first = obj.transitions.first()
        if first is not None:
            assert f"<p>{first.action}</p>" in html, url
        assert 'id="id_transitions-0-note"' not in html, url
        assert 'id="transitions-empty"' not in html, url  # the blank row Django adds when adding is allowed
