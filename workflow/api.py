"""DRF glue: one POST endpoint per workflow action, all calling the app's services."""

from collections.abc import Callable

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from .acting import perform_as


def workflow_action(slug: str, service: Callable, input_serializer: type[serializers.Serializer] | None = None):
    """Build `POST /<collection>/<id>/<slug>/` for a viewset.

    The viewset's `get_object()` is scoped (404 outside jurisdiction); the input is validated
    by `input_serializer` (400); the service does the rest and may raise workflow errors
    (403/409), which the project's exception handler renders. The response is the updated
    object in the viewset's detail serializer, so `state` and `allowed_actions` are fresh.
    """

    def view(self, request, pk=None):
        obj = self.get_object()
        data = {}
        if input_serializer is not None:
            serializer = input_serializer(data=request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        updated = perform_as(request.user, service, obj, acting_user=request.user, **data)
        return Response(self.get_serializer(updated).data)

    # Named before @action captures the name: the router maps POST to the attribute `slug`.
    view.__name__ = slug
    view = action(detail=True, methods=["post"], url_path=slug, url_name=slug.replace("_", "-"))(view)
    return extend_schema(request=input_serializer, summary=slug)(view)


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class AllowedActionsField(serializers.Field):
    """`allowed_actions`: the action slugs the requesting user may take now."""

    def __init__(self, workflow, **kwargs):
        self.workflow = workflow
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return self.workflow.allowed_actions(obj, user) if user is not None else []


class TimelineEntrySerializer(serializers.Serializer):
    """One step of an object's timeline, the same on every workflow resource (`timeline`).

    `actor` is the acting user's username (None for the system); `actor_name` the full name shown on
    pages. `action_label` is the step's label in the object's transition table.
    """

    action = serializers.CharField()
    action_label = serializers.SerializerMethodField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = serializers.CharField(source="actor.username", default=None)
    actor_username = serializers.CharField(source="actor.username", default=None)
    actor_name = serializers.SerializerMethodField()
    note = serializers.CharField()
    at = serializers.DateTimeField()

    def get_action_label(self, entry) -> str:
        workflows = self.context.get("workflows", ())
        for workflow in workflows:
            if entry.action in workflow.actions:
                return str(workflow[entry.action].label)
        return entry.action

    def get_actor_name(self, entry) -> str | None:
        return (entry.actor.get_full_name() or entry.actor.get_username()) if entry.actor_id else None


def timeline_field(*workflows, entries=None):
    """A read-only `timeline` field for a detail serializer: the object's steps, oldest first.

    `entries(obj, user)` gives the steps this reader may see (default: all of `obj.transitions`); use the
    same selector as the object's page, so the API never shows a party an internal step.
    """

    @extend_schema_field(TimelineEntrySerializer(many=True))
    class TimelineField(serializers.Field):
        def __init__(self, **kwargs):
            kwargs.update(source="*", read_only=True)
            super().__init__(**kwargs)

        def to_representation(self, obj):
            request = self.context.get("request")
            user = getattr(request, "user", None)
            rows = entries(obj, user) if entries is not None else obj.transitions.select_related("actor")
            return TimelineEntrySerializer(rows, many=True, context={"workflows": workflows}).data

    return TimelineField()


class TimelineOnDetailMixin:
    """For a serializer shared by a list and a detail view: `timeline` only on the detail (one query
    per row would make a list's cost grow with its length)."""

    def get_fields(self):
        fields = super().get_fields()
        view = self.context.get("view")
        if view is not None and getattr(view, "action", None) == "list":
            fields.pop("timeline", None)
        return fields
