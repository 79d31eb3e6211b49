from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "created_at", "read_at", "email_status"]
    list_filter = ["email_status", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "recipient__username", "recipient__last_name", "recipient__first_name"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at", "email_sent_at", "email_error"]
    date_hierarchy = "created_at"
