"""Project-wide API conventions (api.md, "Errors").

* 400 ``{"errors": {field: [messages]}}`` for bad input (DRF or Django validation);
* 403 / 409 ``{"detail": ..., "code": ...}`` for workflow refusals;
* 404 for anything outside the user's jurisdiction (raised by the scoped selectors).
"""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from workflow.errors import WorkflowError

from .pagination import CappedPaginator


def _django_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


logger = logging.getLogger(__name__)


def exception_handler(exc, context):
    if isinstance(exc, DataError | OverflowError):
        # The last guard (serializers bound every field): a value the database cannot store, too
        # long or out of range, is the client's error and changes nothing (the atomic block rolled back).
        logger.warning("input the database refused: %s: %s", exc.__class__.__name__, exc)
        return Response({"errors": {"non_field_errors": [_("输入的内容过长或超出允许范围。")]}},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, WorkflowError):
        return Response({"detail": exc.message, "code": exc.code}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        return Response({"errors": _django_errors(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ParseError):
        # A body that is not JSON gets the field-error shape every 400 documents (api.md), `detail` kept.
        response.data = {"errors": {"non_field_errors": [str(exc.detail)]}, "detail": str(exc.detail)}
    if response is not None and isinstance(exc, exceptions.ValidationError):
        data = exc.detail
        if isinstance(data, list):
            data = {"non_field_errors": data}
        response.data = {"errors": data}
    return response


class LabelField(serializers.CharField):
    """A choice's label (`state_display` …): `LabelField(source="get_state_display")`.

    DRF inspects the signature of a callable source before each call to be sure it takes no argument
    (21 µs: a millisecond for each label column of a 50-row page); a model's `get_<field>_display` takes
    none, so this field calls it directly. Same schema and output as the CharField it replaces."""

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        if len(self.source_attrs) != 1 or not self.source_attrs[0].startswith("get_"):
            raise ValueError(f"LabelField({field_name}) reads a model's get_<field>_display, not {self.source!r}")

    def get_attribute(self, instance):
        return getattr(instance, self.source_attrs[0])()


class Pagination(PageNumberPagination):
    """50 a page; clients may ask for up to 500 with ?page_size=.

    `count` is counted only up to a window beyond the requested page (shaoxing_supervision.pagination):
    `count_capped: true` says more rows exist than `count`; follow `next` to reach them.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "true when more rows exist than `count` (counting stops a few pages ahead)",
        }
        return schema
