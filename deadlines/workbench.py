"""The workbench's "即将到期" and "已逾期" lines (workbench.registry)."""

from django.utils.translation import gettext as _

from workbench.registry import MoreTasks, TaskItem

from .calendar import cn_date
from .models import DeadlineState
from .selectors import today, workbench_deadlines


def deadline_tasks(user):
    now = today()
    deadlines, more_waiting = workbench_deadlines(user)
    if more_waiting.get(DeadlineState.OPEN):
        yield MoreTasks(TaskItem.DUE_SOON)
    if more_waiting.get(DeadlineState.OVERDUE):
        yield MoreTasks(TaskItem.OVERDUE)
    for deadline in deadlines:
        overdue = deadline.state == DeadlineState.OVERDUE
        left = (deadline.due_on - now).days
        if overdue:
            detail = _("已于%(due)s届满") % {"due": cn_date(deadline.due_on)}
        elif left == 0:
            detail = _("今日到期")
        else:
            detail = _("还有%(days)s日") % {"days": left}
        yield TaskItem(
            group=TaskItem.OVERDUE if overdue else TaskItem.DUE_SOON,
            title=deadline.title,
            url=deadline.subject_url() or deadline.get_absolute_url(),
            category=deadline.get_kind_display(),
            due=deadline.due_on,
            detail=f"{deadline.responsible.name} · {detail}",
        )
