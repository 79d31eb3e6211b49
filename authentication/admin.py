from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see every token and revoke them; nobody creates, edits or deletes one here."""

    list_display = ("prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked_at", "revoke_reason")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "prefix", "name")
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("吊销所选令牌"), permissions=["change"])
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.revoke_token(token, acting_user=request.user, reason=str(_("管理员吊销")), request=request)
            count += 1
        self.message_user(request, _("已吊销 %(n)d 个令牌。") % {"n": count}, messages.SUCCESS)
