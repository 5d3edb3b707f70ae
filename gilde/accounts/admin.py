from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from gilde.accounts.models import (
    Affiliation,
    ApiToken,
    Expertise,
    Organisation,
    OrganisationClaim,
    ProfileItem,
    Tag,
    TagSynonym,
    User,
)


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]


class ExpertiseInline(admin.TabularInline):
    model = Expertise
    extra = 0
    autocomplete_fields = ["tag"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "region", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    inlines = [AffiliationInline, ExpertiseInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "name",
                    "photo",
                    "headline",
                    "bio",
                    "region",
                    "languages",
                    "availability_hours",
                ]
            },
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})
    ]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kvk_number", "sector", "region"]
    search_fields = ["name", "kvk_number"]


@admin.register(OrganisationClaim)
class OrganisationClaimAdmin(admin.ModelAdmin):
    """Claims are decided on the site (accounts:claims), so the outcome is mailed and logged."""

    list_display = ["user", "organisation", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "organisation", "decided_by"]
    search_fields = ["user__email", "user__name", "organisation__name", "organisation__kvk_number"]
    readonly_fields = [
        "user",
        "organisation",
        "job_title",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
    ]

    def has_add_permission(self, request):
        return False


class SynonymInline(admin.TabularInline):
    model = TagSynonym
    extra = 0


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name", "synonyms__name"]
    inlines = [SynonymInline]


@admin.register(ProfileItem)
class ProfileItemAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "user"]
    list_select_related = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["hint", "created_at", "last_used_at"]
