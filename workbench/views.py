from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from organizations.selectors import jurisdiction_summary

from .registry import TaskItem, tasks_for


@login_required
def home(request):
    grouped = tasks_for(request.user)
    groups = [
        {"key": key, "label": label, "items": grouped.get(key, []), "count": len(grouped.get(key, []))}
        for key, label in TaskItem.GROUPS.items()
    ]
    return render(request, "workbench/home.html", {"groups": groups, "me": jurisdiction_summary(request.user)})
