from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Division, Membership, Organization, SupervisorCertificate


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")

    def has_delete_permission(self, request, obj=None):
        return False  # areas are reference data that cases point at


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "division", "doc_prefix", "is_active")
    list_filter = ("kind", "division__level", "is_active")
    list_editable = ("doc_prefix",)
    search_fields = ("name", "short_name", "division__name")
    autocomplete_fields = ("division", "parent")
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: records keep pointing at the organisation


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "organization", "role", "is_active")
    list_filter = ("role", "is_active", "organization__kind")
    search_fields = ("user__username", "user__first_name", "organization__name")
    autocomplete_fields = ("user", "organization")


@admin.register(SupervisorCertificate)
class SupervisorCertificateAdmin(SimpleHistoryAdmin):
    list_display = ("number", "holder", "issuer", "valid_from", "valid_to", "status", "verify_link")
    list_filter = ("status", "issuer")
    search_fields = ("number", "holder__username", "holder__first_name")
    autocomplete_fields = ("holder", "issuer")

    @admin.display(description=_("核验页"))
    def verify_link(self, obj):
        return format_html('<a href="{}" target="_blank">{}</a>', obj.get_verification_url(), _("打开"))

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: a certificate once shown must stay verifiable


# --- Single-object grants (django-guardian) -----------------------------------------------------------

from django import forms  # noqa: E402
from django.contrib import messages  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from guardian.models import UserObjectPermission  # noqa: E402

from workflow.errors import WorkflowError  # noqa: E402

from . import grants  # noqa: E402


def _grantable_types():
    pairs = [label.split(".") for label in grants.GRANTABLE]
    ids = [ContentType.objects.get_by_natural_key(app, model).pk for app, model in pairs]
    return ContentType.objects.filter(pk__in=ids)


class GrantForm(forms.ModelForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("记入该记录的时间线，能看到该记录的人都能看到。"))

    class Meta:
        model = UserObjectPermission
        fields = ["user", "content_type", "object_pk"]
        labels = {"content_type": _("记录类别"), "object_pk": _("记录编号（ID）")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_type"].queryset = _grantable_types()

    def clean(self):
        cleaned = super().clean()
        content_type, pk = cleaned.get("content_type"), cleaned.get("object_pk")
        if content_type and pk:
            self.target = content_type.get_object_for_this_type(pk=pk) if content_type.model_class()._default_manager.filter(
                pk=pk).exists() else None
            if self.target is None:
                self.add_error("object_pk", _("没有这条记录。"))
        return cleaned

    def _post_clean(self):
        pass  # the row is written by grants.grant_view (assign_perm), not by this form


@admin.register(UserObjectPermission)
class ObjectGrantAdmin(admin.ModelAdmin):
    """单个记录授权: grant or revoke one person's view access to one record, on its timeline."""

    form = GrantForm
    list_display = ("user", "content_type", "object_pk", "permission")
    list_filter = ("content_type",)
    search_fields = ("user__username", "user__first_name", "object_pk")
    autocomplete_fields = ("user",)
    actions = None

    def has_change_permission(self, request, obj=None):
        return False  # revoke and grant again: every change is on the timeline

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        try:
            permission = grants.grant_view(form.target, user=form.cleaned_data["user"], acting_user=request.user,
                                           reason=form.cleaned_data["reason"])
        except (ValidationError, WorkflowError) as exc:
            messages.error(request, getattr(exc, "message", None) or "；".join(exc.messages))
            return
        for name in ("id", "user_id", "content_type_id", "object_pk", "permission_id"):
            setattr(obj, name, getattr(permission, name))  # the row grant_view wrote, for the admin's log

    def delete_model(self, request, obj):
        grants.revoke_view(obj.content_object, user=obj.user, acting_user=request.user,
                           reason=_("管理员在后台收回"))
