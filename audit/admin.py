from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only: no adding, changing or deleting an audit row, not even for a superuser."""

    list_display = ("at", "username", "action", "target", "ip_address")
    list_filter = ("action",)
    search_fields = ("username", "target", "path", "ip_address")
    readonly_fields = [f.name for f in AuditEvent._meta.fields] + ["organizations"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
