"""The ledger in the admin: to read. Every change goes through gilde.exchange.services."""

from django.contrib import admin

from gilde.exchange.models import Account, Agreement, Hold, LimitChange, Listing, Transfer


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Account)
class AccountAdmin(ReadOnly):
    list_display = ("pk", "network", "kind", "name", "membership", "balance", "reserved")
    list_filter = ("network", "kind")
    list_select_related = ("network", "membership__user", "partner")


@admin.register(Transfer)
class TransferAdmin(ReadOnly):
    list_display = ("pk", "network", "payer", "payee", "amount", "kind", "status", "created_at")
    list_filter = ("network", "kind", "status")
    list_select_related = (
        "network",
        "payer__membership__user",
        "payee__membership__user",
        "payer__partner",
        "payee__partner",
    )


@admin.register(Hold)
class HoldAdmin(ReadOnly):
    list_display = ("pk", "network", "account", "amount", "status", "reference")


@admin.register(LimitChange)
class LimitChangeAdmin(ReadOnly):
    list_display = ("pk", "network", "account", "old_limit", "new_limit", "changed_by")


# -- offers and wants ---------------------------------------------------------------


@admin.register(Listing)
class ListingAdmin(ReadOnly):
    list_display = ("pk", "network", "owner", "kind", "title", "visibility", "expires_at")
    list_filter = ("network", "kind", "visibility")
    list_select_related = ("network", "owner")
    search_fields = ("title",)


# -- conversations and agreements ---------------------------------------------------
# Agreements, to read (their steps go through the services). Conversations' messages are
# the two members' own and are not shown here.


@admin.register(Agreement)
class AgreementAdmin(ReadOnly):
    list_display = ("pk", "network", "description", "provider", "receiver", "amount", "status")
    list_filter = ("network", "status")
    list_select_related = (
        "network",
        "provider__membership__user",
        "receiver__membership__user",
    )
