from django.contrib import admin

from gilde.knowledge.models import (
    Answer,
    Article,
    ArticleRevision,
    Attachment,
    Comment,
    Follow,
    Question,
    Registration,
    Session,
    render_markdown,
)


class RendersMarkdown:
    """Admin edits bypass the services: store the rendered HTML here too."""

    def save_model(self, request, obj, form, change):
        render_markdown(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.has_changed() and not getattr(inline_form, "cleaned_data", {}).get(
                "DELETE"
            ):
                render_markdown(inline_form.instance)
        super().save_formset(request, form, formset, change)


class RevisionInline(admin.TabularInline):
    model = ArticleRevision
    extra = 0
    fields = ["created_at", "editor", "title", "note"]
    # every field of the admin is read-only; the list of names is the same.
    readonly_fields = fields  # type: ignore[assignment]
    can_delete = False
    show_change_link = False


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    fields = ["author", "body", "created_at"]
    autocomplete_fields = ["author"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["user", "status", "attended", "created_at"]
    autocomplete_fields = ["user"]


class AttachmentInline(admin.TabularInline):
    """Files are listed, not linked: they are served only through the page that checks access."""

    extra = 0
    fields = ["name", "content_type", "size", "uploaded_by", "created_at"]
    # every field of the admin is read-only; the list of names is the same.
    readonly_fields = fields  # type: ignore[assignment]
    can_delete = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ArticleAttachmentInline(AttachmentInline):
    model = Attachment
    fk_name = "article"


class QuestionAttachmentInline(AttachmentInline):
    model = Attachment
    fk_name = "question"


class SessionAttachmentInline(AttachmentInline):
    model = Attachment
    fk_name = "session"


@admin.register(Article)
class ArticleAdmin(RendersMarkdown, admin.ModelAdmin):
    list_display = ["title", "network", "kind", "status", "visibility", "author", "published_at"]
    list_filter = ["network", "kind", "status", "visibility"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["author", "coauthors", "circle", "tags"]
    inlines = [RevisionInline, ArticleAttachmentInline]


@admin.register(Question)
class QuestionAdmin(RendersMarkdown, admin.ModelAdmin):
    list_display = ["title", "network", "visibility", "author", "reward", "created_at"]
    list_filter = ["network", "visibility"]
    search_fields = ["title"]
    autocomplete_fields = ["author", "circle", "tags"]
    raw_id_fields = ["accepted_answer"]
    # A reward is reserved in the ledger when it is set (gilde.knowledge.services): an edit
    # here would not follow it there.
    readonly_fields = ["reward", "closed_at"]
    inlines = [AnswerInline, QuestionAttachmentInline]


@admin.register(Session)
class SessionAdmin(RendersMarkdown, admin.ModelAdmin):
    list_display = ["title", "network", "kind", "starts_at", "capacity", "price_kind", "visibility"]
    list_filter = ["network", "kind", "price_kind", "visibility"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["author", "circle", "tags"]
    inlines = [RegistrationInline, SessionAttachmentInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "article", "session", "created_at"]
    search_fields = ["body"]
    raw_id_fields = ["article", "session"]
    autocomplete_fields = ["author"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "article", "question", "session", "created_at"]
    raw_id_fields = ["article", "question", "session"]
    autocomplete_fields = ["user"]
