from django.contrib import admin

from gilde.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is read-only: entries are written by services, never by hand."""

    list_display = ["created_at", "verb", "target_label", "actor", "network_id"]
    list_filter = ["verb"]
    search_fields = ["verb", "target_label"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
