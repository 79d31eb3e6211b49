"""The project's form renderer: Django's, with the `<select>` written in Python.

A filter bar's select of 148 enforcement agencies went through the template engine once per option
(`select_option.html` and `attrs.html` included for each): 11 of the case list's 44 ms at 1,000,000 cases
(issue 18). The same markup, byte for byte, is built here; every other widget (and a select whose options use
another template) is rendered by the templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


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


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is not None and all(option["template_name"] == OPTION
                                      for _name, options, _index in widget["optgroups"] for option in options):
            return _select(widget)
        return super().render(template_name, context, request)
