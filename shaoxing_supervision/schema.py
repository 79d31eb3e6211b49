"""The OpenAPI schema documents every error status an operation can answer (api.md, "Errors").

Each operation gets, besides what its view declares: 400 `{"errors": {field: [..]}}` (bad input,
also a NUL byte anywhere in the request), 401/403 `{"detail"}` (no or bad credentials, a role that
may not act), 404 (outside the user's jurisdiction), 409 `{"detail", "code"}` (the state no longer
allows it) and 429 (throttled or locked out). Clients generated from the schema then handle them,
and schemathesis checks that nothing else comes back (tests/test_api_fuzz.py).
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

# Messages by field; a nested serializer's errors nest the same way ({"participants": {"0": {...}}}).
ValidationErrors = inline_serializer("ValidationErrors", {
    "errors": serializers.DictField(child=serializers.JSONField()),
})
Refusal = inline_serializer("Refusal", {
    "detail": serializers.CharField(),
    "code": serializers.CharField(required=False),
})

ERROR_RESPONSES = {
    "400": OpenApiResponse(ValidationErrors, description="Bad input; nothing was changed."),
    "401": OpenApiResponse(Refusal, description="No valid credentials (missing, expired or revoked token)."),
    "403": OpenApiResponse(Refusal, description="Signed in, but this role or organisation may not do this."),
    "404": OpenApiResponse(Refusal, description="Does not exist, or is outside the user's jurisdiction."),
    "409": OpenApiResponse(Refusal, description="The object's state no longer allows this action."),
    "429": OpenApiResponse(Refusal, description="Too many requests, or the account is locked out for now."),
}


class ProjectAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response":
            for code, response in ERROR_RESPONSES.items():
                if code not in responses:
                    responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses
