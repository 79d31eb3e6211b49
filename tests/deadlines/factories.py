from datetime import date

import factory
from django.contrib.contenttypes.models import ContentType

from deadlines.models import Deadline
from organizations.models import Organization


def org(name: str) -> Organization:
    return Organization.objects.get(name=name)


class DeadlineFactory(factory.django.DjangoModelFactory):
    """A deadline on some subject (an Organization stands in for a case: any model will do)."""

    class Meta:
        model = Deadline

    subject_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Organization))
    subject_id = factory.LazyFunction(lambda: org("越城区市场监督管理局").pk)
    kind = Deadline.Kind.RECTIFICATION
    title = factory.Sequence(lambda n: f"限期改正第{n}号")
    responsible = factory.LazyFunction(lambda: org("越城区市场监督管理局"))
    supervisor = factory.LazyFunction(lambda: org("越城区司法局"))
    starts_on = date(2026, 1, 5)
    due_on = date(2026, 3, 31)
    computed = False
    explanation = "由文书确定截止日期"


def bulk_deadlines(n: int, *, due_on: date, **fields) -> list[Deadline]:
    rows = [DeadlineFactory.build(due_on=due_on, **fields) for _ in range(n)]
    return Deadline.objects.bulk_create(rows)
