"""Disputes in any state, built through the real services (so every invariant and timeline row holds)."""

import datetime as dt

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from disputes import services
from disputes.models import Dispute, Negotiation
from organizations.models import Organization

MARKET = "越城区市场监督管理局"
ENFORCEMENT = "越城区综合行政执法局"  # a 综合行政执法 department: its disputes go to the guidance office
HOUSING = "越城区住房和城乡建设局"
ZHUJI_MARKET = "诸暨市市场监督管理局"

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="协商纪要.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class NegotiationFactory(factory.django.DjangoModelFactory):
    """A negotiation record as the filer would enter it (Art. 7: negotiation comes first)."""

    class Meta:
        model = Negotiation

    held_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    place = "越城区市场监督管理局三楼会议室"
    participants = "区市场监管局执法科、区综合执法局执法大队"
    outcome = "双方对无证食品摊贩占道经营的查处职责各执一词，未能达成一致"


def user(world, username):
    return world.user(username)


def org(name):
    return Organization.objects.get(name=name)


def draft(world, *, filer="township.office", applicant=MARKET, others=(HOUSING,), negotiated=True,
          title="塔山街道无证食品摊贩占道经营的查处职责", other_proceedings="none") -> Dispute:
    acting = world.user(filer)
    dispute = services.create_dispute(acting_user=acting, applicant=org(applicant),
                                      others=[org(o) for o in others])
    positions = {p.organization_id: {"position": f"{p.organization.name}认为不属于本单位职责",
                                     "legal_basis": "《浙江省综合行政执法条例》第十条"}
                 for p in dispute.parties.all()}
    services.update_matter(dispute, acting_user=acting, title=title,
                           matter="解放路沿线夜间无证食品摊贩占道经营，群众多次投诉。",
                           duty="对无证食品摊贩占道经营行为的查处（责令改正、罚款）", positions=positions,
                           other_proceedings=other_proceedings,
                           other_proceedings_detail="" if other_proceedings == "none" else "越城区人民法院（2026）浙0602行初15号")
    if negotiated:
        services.add_negotiation(dispute, acting_user=acting, held_on=timezone.localdate() - dt.timedelta(days=7),
                                 place="区市场监管局会议室", participants="区市场监管局、区综合执法局",
                                 outcome="双方各执一词，未能达成一致")
    return Dispute.objects.get(pk=dispute.pk)


def submitted(world, **kwargs) -> Dispute:
    filer = kwargs.get("filer", "township.office")
    dispute = draft(world, **kwargs)
    return services.submit_dispute(dispute, acting_user=world.user(filer))


def staff(dispute, role):
    """The demo account holding `role` in the dispute's coordinating body."""
    from organizations.models import Membership

    return Membership.objects.filter(organization=dispute.coordinator, role=role, is_active=True).first().user


def coordinating(world, reviewer=None, **kwargs) -> Dispute:
    dispute = submitted(world, **kwargs)
    acting = world.user(reviewer) if reviewer else staff(dispute, "reviewer")
    dispute = services.accept_dispute(dispute, acting_user=acting)
    return services.start_coordination(dispute, acting_user=acting)


def met(world, dispute) -> Dispute:
    """A coordination meeting on the record (escalation needs one, 条例 Art. 13)."""
    services.record_meeting(dispute, acting_user=staff(dispute, "reviewer"),
                            held_on=timezone.localdate() - dt.timedelta(days=2), place="协调室",
                            attendees="各争议单位", minutes="各方陈述意见，未能达成一致。")
    return Dispute.objects.get(pk=dispute.pk)


def opinion_issued(world, responsible=HOUSING, **kwargs) -> Dispute:
    dispute = coordinating(world, **kwargs)
    return services.issue_opinion(
        dispute, acting_user=staff(dispute, "leader"), responsible_agency=org(responsible),
        cooperating_agencies=[org(MARKET)] if responsible != MARKET else [],
        view="占道经营的无证食品摊贩由区综合执法局查处，区市场监管局配合提供无证经营信息。",
        basis="《浙江省综合行政执法条例》第十条；越城区综合行政执法事项目录",
        requirements="自本意见送达之日起五个工作日内承接，区市场监管局移交已受理的投诉线索。")


def escalated(world, **kwargs) -> Dispute:
    dispute = met(world, coordinating(world, **kwargs))
    return services.escalate_dispute(dispute, acting_user=staff(dispute, "leader"),
                                     reason="经两次协调会，双方仍坚持各自意见。",
                                     handling_opinion="建议由区住房和城乡建设局承担该项查处职责，区市场监管局配合。")
