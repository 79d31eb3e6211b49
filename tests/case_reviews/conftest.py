import pytest

from case_reviews.demo import seed_default_template

from .factories import file_review_case


@pytest.fixture
def default_template(world):
    return seed_default_template()


@pytest.fixture
def case(world, default_template):
    return file_review_case(world)


@pytest.fixture
def items(default_template):
    return {i.order: i for i in default_template.items.all()}
