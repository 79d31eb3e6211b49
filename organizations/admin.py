from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "division", "doc_prefix", "is_active")
    list_filter = ("kind", "division__level", "is_active")
    list_editable = ("doc_prefix",)
    search_fields = ("name", "short_name", "division__name")
    autocomplete_fields = ("division", "parent")
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: records keep pointing at the organisation


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "is_active")
    list_filter = ("role", "is_active", "organization__kind")
    search_fields = ("user__username", "user__first_name", "organization__name")
    autocomplete_fields = ("user", "organization")


@admin.register(SupervisorCertificate)
class SupervisorCertificateAdmin(admin.ModelAdmin):
    list_display = ("number", "holder", "issuer", "valid_from", "valid_to", "status", "verify_link")
    list_filter = ("status", "issuer")
    search_fields = ("number", "holder__username", "holder__first_name")
    autocomplete_fields = ("holder", "issuer")

    @admin.display(description=_("核验页"))
    def verify_link(self, obj):
        return format_html('<a href="{}" target="_blank">{}</a>', obj.get_verification_url(), _("打开"))

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: a certificate once shown must stay verifiable
