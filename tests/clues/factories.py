import datetime

import factory

from clues.models import Clue, ClueTransition
from organizations.models import Division, Organization


class ClueFactory(factory.django.DjangoModelFactory):
    """A clue as the public form leaves it: routed, received, one history row."""

    class Meta:
        model = Clue
        skip_postgeneration_save = True

    division = factory.LazyFunction(lambda: Division.objects.get(name="塔山街道"))
    routed_to = factory.LazyFunction(lambda: Organization.objects.get(name="越城区司法局"))
    description = "综合行政执法人员在解放北路暂扣摊贩物品时未出具暂扣清单。"
    occurred_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=5))

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create:
            ClueTransition.objects.create(subject=obj, action="submit", from_state="", to_state=obj.state)
