"""The shared form dialect: Bootstrap styling for every form, and a service's refusal on the form that asked.

Every HTML form of the project inherits `StyledFormMixin` (or `StyledForm`/`StyledFilterSet`'s form),
so templates render fields with `forms/_field.html` and never add classes themselves.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Shown beside a file field whose chosen file the browser could not keep (a form that comes back
# with an error cannot refill <input type=file>): the user is told, not silently dropped.
FILE_NOT_KEPT = _("表单未保存，所选文件没有上传，请重新选择文件。")


def _css_for(widget) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


def _add_class(widget, css: str) -> None:
    classes = widget.attrs.get("class", "").split()
    for name in css.split():
        if name not in classes:
            classes.append(name)
    widget.attrs["class"] = " ".join(classes)


class StyledFormMixin:
    """Bootstrap classes on every widget (also fields added after __init__), `is-invalid` on fields
    with errors, and a clear request to choose again a file that a failed submission dropped.

    `control_size = "sm"` gives the small controls of filter bars.
    """

    control_size = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def style(self) -> None:
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            widget = field.widget
            css = _css_for(widget)
            if self.control_size and css != "form-check-input":
                css += f" {css}-{self.control_size}"
            if name in errors:
                css += " is-invalid"
            _add_class(widget, css)
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 3)

    def __getitem__(self, name):
        # Some forms add fields after __init__ (parties, positions): style them when first rendered.
        self.style()
        return super().__getitem__(name)

    def full_clean(self):
        super().full_clean()
        if self._errors:
            ask_for_files_again(self)
        self.style()

    def add_error(self, field, error):
        super().add_error(field, error)
        ask_for_files_again(self)
        self.style()


class StyledForm(StyledFormMixin, forms.Form):
    pass


EMPTY_FILTER_LABELS = {"", "---------"}
ALL = _("全部")


class StyledFilterForm(StyledForm):
    """The form of a filter bar (a django-filter FilterSet's `Meta.form`, or a plain filter form):
    small controls, and "全部" (all) as the empty choice of every select instead of "---------"."""

    control_size = "sm"

    def style(self) -> None:
        super().style()
        for field in self.fields.values():
            if getattr(field, "empty_label", None) is not None and str(field.empty_label) in EMPTY_FILTER_LABELS:
                field.empty_label = ALL
                # The widget holds a copy of the choices made for the class's field: give it this field's.
                field.widget.choices = field.choices
            choices = getattr(field, "choices", None)
            if isinstance(choices, list) and choices and choices[0][0] == "" and str(choices[0][1]) in EMPTY_FILTER_LABELS:
                field.choices = [("", ALL), *choices[1:]]



def ask_for_files_again(form) -> None:
    """A form coming back with errors has lost the files chosen in it: say so on each of them."""
    if not form.is_bound or not getattr(form, "files", None) or not form._errors:
        return
    for name, field in form.fields.items():
        if not isinstance(field, forms.FileField) or name in form._errors:
            continue
        if form.files.get(form.add_prefix(name)):
            form.add_error(name, FILE_NOT_KEPT)


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
    if not isinstance(form, StyledFormMixin):
        ask_for_files_again(form)
