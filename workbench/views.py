from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from organizations.selectors import jurisdiction_summary

from .registry import GROUP_SIZE, TaskItem, collect_tasks

# Where a group's full list lives (the workbench shows its first GROUP_SIZE items).
GROUP_LISTS = {TaskItem.DUE_SOON: "/deadlines/?state=due_soon", TaskItem.OVERDUE: "/deadlines/?state=overdue"}


@login_required
def home(request):
    grouped, more_waiting = collect_tasks(request.user)
    groups = [
        {"key": key, "label": label, "items": grouped.get(key, [])[:GROUP_SIZE], "count": len(grouped.get(key, [])),
         "more": max(0, len(grouped.get(key, [])) - GROUP_SIZE), "more_waiting": key in more_waiting,
         "list_url": GROUP_LISTS.get(key, "")}
        for key, label in TaskItem.GROUPS.items()
    ]
    return render(request, "workbench/home.html", {"groups": groups, "me": jurisdiction_summary(request.user)})
