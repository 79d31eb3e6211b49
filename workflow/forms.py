"""Showing a service's refusal on the HTML form that asked for it."""

from django.core.exceptions import ValidationError


def apply_service_errors(form, exc: ValidationError, *, elsewhere: dict[str, list] | None = None) -> None:
    """Put a service's ValidationError on `form`: next to the field when the form has it, else on top.

    The services raise `ValidationError({"field": [messages]})` (the same errors the API returns as
    400 `{"errors": ...}`); `elsewhere` collects the messages of fields shown outside the form (a
    formset's rows, say) under their names.
    """
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, messages in errors.items():
        for message in messages:
            if elsewhere is not None and field in elsewhere:
                elsewhere[field].append(message)
            else:
                form.add_error(field if field in form.fields else None, message)
