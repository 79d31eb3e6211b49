"""Who sees a proposal, and what each person finds waiting on the workbench."""

import pytest

from joint_actions import services
from joint_actions.selectors import proposal_list, workbench_tasks

from .factories import agreed, proposed

pytestmark = pytest.mark.django_db


def test_another_countys_bureau_and_agencies_do_not_see_yuecheng_proposals(world, client_for):
    proposal = proposed(world)

    assert not proposal_list(world.user("zhuji.reviewer")).exists()
    assert not proposal_list(world.user("agency.zhuji")).exists()
    assert client_for("zhuji.reviewer").get(proposal.get_absolute_url()).status_code == 404


def test_an_agency_not_named_does_not_see_the_proposal(world):
    proposed(world)
    education = world.org("越城区教育局")
    assert not [p for p in proposal_list(world.user("agency.market")) if education in [d.organization for d in p.departments()]]
    # a department named sees it
    assert proposal_list(world.user("agency.enforcement")).count() == 1


def test_each_department_finds_the_proposal_to_answer_on_its_workbench(world, client_for):
    proposal = proposed(world)

    tasks = list(workbench_tasks(world.user("agency.enforcement")))
    assert [t.url for t in tasks] == [proposal.get_absolute_url()]
    assert "待答复" in tasks[0].title

    services.accept_proposal(proposal, acting_user=world.user("agency.enforcement"))
    assert list(workbench_tasks(world.user("agency.enforcement"))) == []
    page = client_for("agency.market").get("/")
    assert "联合执法建议待答复" in page.content.decode()


def test_the_proposer_finds_objected_proposals_to_revise_and_agreed_ones_to_start(world):
    objected = proposed(world, title="城中村出租房安全联合检查")
    services.object_to_proposal(objected, acting_user=world.user("agency.market"), reason="职责不清")
    ready = agreed(world)

    titles = {t.title for t in workbench_tasks(world.user("yuecheng.reviewer"))}

    assert f"联合执法建议有异议，待修改：{objected.title}" in titles
    assert f"联合执法各方已同意，待开始：{ready.title}" in titles
    assert not list(workbench_tasks(world.user("zhuji.reviewer")))
