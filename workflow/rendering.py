"""The project's form renderer: Django's, with `<select>`, `<input>` and `<textarea>` written in Python.

A filter bar's select of 148 enforcement agencies went through the template engine once per option
(`select_option.html` and `attrs.html` included for each): 11 of the case list's 44 ms at 1,000,000 cases
(issue 18). A text, date or checkbox input goes through three templates (the widget's, `input.html`,
`attrs.html`): the case list's eleven plain filters took 1.64 ms that way, 1.19 ms here. The same markup, byte
for byte, is built here; every other widget (radios, multi-widgets, a select whose options use another
template) is rendered by the templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
TEXTAREA = "django/forms/widgets/textarea.html"
# Django's widget templates whose whole text is `{% include "django/forms/widgets/input.html" %}`.
INPUTS = frozenset(f"django/forms/widgets/{kind}.html" for kind in (
    "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number", "password", "search", "tel",
    "text", "time", "url",
))


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: False left out, True as a bare name."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select(widget: dict) -> str:
    """As django/forms/widgets/select.html with select_option.html for each option."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(f'\n  <option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
                         f'{conditional_escape(option["label"])}</option>\n')  # the included file's last line end
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input(widget: dict) -> str:
    """As django/forms/widgets/input.html."""
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"' \
           f'{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    """As django/forms/widgets/textarea.html: a line end after the opening tag, the value only if truthy."""
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is None:
            return super().render(template_name, context, request)
        if template_name in INPUTS:
            return _input(widget)
        if template_name == TEXTAREA:
            return _textarea(widget)
        if template_name == SELECT and all(option["template_name"] == OPTION
                                           for _name, options, _index in widget["optgroups"] for option in options):
            return _select(widget)
        return super().render(template_name, context, request)
