from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gilde.core.errors import DomainError
from gilde.networks import services
from gilde.networks.models import Invitation, JoinRequest, Membership, Network, PartnerLink


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organisation"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "visibility", "join_policy", "awaiting_approval", "created_by"]
    list_filter = ["awaiting_approval", "visibility"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    readonly_fields = ["awaiting_approval", "requested_visibility", "created_by"]
    inlines = [MembershipInline]
    actions = ["approve"]

    @admin.action(description=_("Approve the selected networks"))
    def approve(self, request, queryset):
        """NETWORK_CREATION=approval: a site admin lets waiting networks go visible."""
        approved = 0
        for network in queryset.filter(awaiting_approval=True):
            try:
                services.approve_network(network, by=request.user)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                approved += 1
        self.message_user(
            request,
            ngettext("%(count)s network approved.", "%(count)s networks approved.", approved)
            % {"count": approved},
            messages.SUCCESS,
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "role", "status", "joined_at"]
    list_filter = ["network", "role", "status"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["network", "email", "role", "use_count", "max_uses", "expires_at", "revoked_at"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "status", "created_at"]
    list_filter = ["status", "network"]


@admin.register(PartnerLink)
class PartnerLinkAdmin(admin.ModelAdmin):
    list_display = ["from_network", "to_network", "status"]
