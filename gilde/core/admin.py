from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gilde.core.models import AuditEntry, OutgoingMail


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


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """Site admins see every mail and why one was not delivered; they can send the due ones."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "last_error"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutgoingMail._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Try to deliver the selected mail again now"))
    def retry_now(self, request, queryset):
        from gilde.core.mail import deliver_now

        sent = 0
        for mail in queryset.exclude(status=OutgoingMail.Status.SENT):
            if mail.status == OutgoingMail.Status.FAILED:
                OutgoingMail.objects.filter(pk=mail.pk).update(status=OutgoingMail.Status.RETRYING)
            sent += deliver_now(mail.pk)
        self.message_user(request, _("%(count)s delivered.") % {"count": sent})
