"""What each app contributes to the workbench (工作台) and the navigation.

Apps register from their AppConfig.ready(), so the workbench knows nothing of disputes or
cases and a new workflow plugs in without editing this app:

    from workbench.registry import NavItem, register_nav, register_tasks
    register_nav(NavItem("disputes:list", _("职责争议"), order=20, visible=can_see_disputes))
    register_tasks(selectors.workbench_tasks)   # user -> Iterable[TaskItem]
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    order: int = 50
    visible: Callable[[object], bool] = lambda user: True
    icon: str = ""


@dataclass(frozen=True)
class TaskItem:
    """One line in "my tasks"."""

    AWAITING = "awaiting"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    GROUPS = {
        AWAITING: _("待我处理"),
        DUE_SOON: _("即将到期"),
        OVERDUE: _("已逾期"),
    }

    group: str
    title: str
    url: str
    category: str = ""  # e.g. 职责争议, 监督案件
    due: date | None = None
    detail: str = ""
    extra: dict = field(default_factory=dict)


# Each provider reads at most TASK_LIMIT rows per kind of task (and one more, to know whether more wait), and
# the workbench shows the first GROUP_SIZE of each group with the group's count, "N+" when a kind had more: the
# page costs the same with 3 or 3,000 tasks waiting (issue 18: 3,331 disputes, 1.4 MB of HTML). The full lists
# are one click away (the group's link).
GROUP_SIZE = 10
TASK_LIMIT = GROUP_SIZE  # one kind can fill a group; reading more only to leave it unshown cost 15 ms a page


@dataclass(frozen=True)
class MoreTasks:
    """Yielded by a provider when one kind of task had more than TASK_LIMIT waiting in `group`: the group's
    count is then at least what is shown ("N+")."""

    group: str


# A provider that keeps only some of the rows it reads (it asks each case's workflow what this user may do)
# reads this many, so that the rows it drops rarely leave a group empty.
SIFTED_LIMIT = 25


def first_tasks(queryset, limit: int = TASK_LIMIT) -> tuple[list, bool]:
    """The first `limit` rows of one kind of task, and whether more wait (one row more is read)."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


_nav_items: list[NavItem] = []
_task_providers: list[Callable[[object], Iterable[TaskItem]]] = []


def register_nav(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _nav_items):
        _nav_items.append(item)


def register_tasks(provider: Callable[[object], Iterable[TaskItem]]) -> None:
    if provider not in _task_providers:
        _task_providers.append(provider)


def nav_for(user) -> list[NavItem]:
    return [item for item in sorted(_nav_items, key=lambda i: i.order) if item.visible(user)]


def collect_tasks(user) -> tuple[dict[str, list[TaskItem]], set[str]]:
    """The user's tasks by group, and the groups in which some kind had more than it read."""
    grouped: dict[str, list[TaskItem]] = {group: [] for group in TaskItem.GROUPS}
    more: set[str] = set()
    for provider in _task_providers:
        for item in provider(user):
            if isinstance(item, MoreTasks):
                more.add(item.group)
            else:
                grouped.setdefault(item.group, []).append(item)
    for items in grouped.values():
        items.sort(key=lambda i: (i.due is None, i.due or date.max, i.title))
    return grouped, more


def tasks_for(user) -> dict[str, list[TaskItem]]:
    return collect_tasks(user)[0]
