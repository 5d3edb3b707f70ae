"""Pages about oneself: profile, expertise, offers and needs, organisations, tokens; tags."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gilde.accounts import services
from gilde.accounts.forms import (
    ExpertiseForm,
    MergeTagsForm,
    OrganisationForm,
    ProfileForm,
    ProfileItemForm,
    SynonymForm,
    TagForm,
    TokenForm,
    split_tags,
)
from gilde.accounts.models import ApiToken, Expertise, Organisation, ProfileItem, Tag
from gilde.core.errors import DomainError
from gilde.core.forms import add_domain_error, changed_fields


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, request.FILES or None, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(user, by=user, **changed_fields(form))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    user.refresh_from_db()
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "completeness": services.profile_completeness(user),
            "expertise": user.expertise.select_related("tag"),
            "items": user.profile_items.prefetch_related("tags"),
            "expertise_form": ExpertiseForm(),
            "item_form": ProfileItemForm(),
            "affiliations": user.affiliations.select_related("organisation"),
        },
    )


@require_POST
@login_required
def add_expertise(request):
    form = ExpertiseForm(request.POST)
    if form.is_valid():
        try:
            services.add_expertise(
                request.user, form.cleaned_data["tag"], form.cleaned_data["level"], by=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Name the expertise and choose a level."))
    return redirect("accounts:profile")


@require_POST
@login_required
def remove_expertise(request, expertise_id: int):
    expertise = get_object_or_404(Expertise, pk=expertise_id, user=request.user)
    services.remove_expertise(expertise, by=request.user)
    return redirect("accounts:profile")


@require_POST
@login_required
def add_item(request):
    form = ProfileItemForm(request.POST)
    if form.is_valid():
        try:
            services.add_profile_item(
                request.user,
                form.cleaned_data["kind"],
                form.cleaned_data["text"],
                split_tags(form.cleaned_data["tags"]),
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Describe what you offer or look for (at most 200 characters)."))
    return redirect("accounts:profile")


@require_POST
@login_required
def remove_item(request, item_id: int):
    item = get_object_or_404(ProfileItem, pk=item_id, user=request.user)
    services.remove_profile_item(item, by=request.user)
    return redirect("accounts:profile")


@login_required
def organisations(request):
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["logo"] = data.get("logo") or ""
        try:
            organisation = services.create_organisation(by=request.user, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": organisation.name})
            return redirect("accounts:organisations")
    return render(
        request,
        "accounts/organisations.html",
        {"form": form, "affiliations": request.user.affiliations.select_related("organisation")},
    )


@login_required
def edit_organisation(request, organisation_id: int):
    organisation = get_object_or_404(
        Organisation, pk=organisation_id, affiliations__user=request.user
    )
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    del form.fields["job_title"]
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(organisation, by=request.user, **changed_fields(form))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": organisation.name})
            return redirect("accounts:organisations")
    return render(
        request, "accounts/organisation_edit.html", {"form": form, "organisation": organisation}
    )


@require_POST
@login_required
def leave_organisation(request, organisation_id: int):
    organisation = get_object_or_404(
        Organisation, pk=organisation_id, affiliations__user=request.user
    )
    services.leave_organisation(organisation, by=request.user)
    messages.success(request, _("You are no longer listed at %(name)s.") % {"name": organisation})
    return redirect("accounts:organisations")


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.issue_token(
                request.user, form.cleaned_data["name"], by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )


@require_POST
@login_required
def revoke_token(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.revoke_token(token, by=request.user)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


@login_required
def tags(request):
    form = TagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tag = services.add_tag(form.cleaned_data["name"], by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Tag “%(name)s” is in the vocabulary.") % {"name": tag})
            return redirect("accounts:tags")
    query = request.GET.get("q", "").strip()[:60]
    vocabulary = (
        Tag.objects.annotate(uses=Count("expertise", distinct=True))
        .prefetch_related("synonyms")
        .order_by("name")
    )
    if query:
        vocabulary = vocabulary.filter(name__icontains=query)
    return render(
        request,
        "accounts/tags.html",
        {
            "form": form,
            "merge_form": MergeTagsForm(),
            "synonym_form": SynonymForm(),
            "tags": vocabulary[:500],
            "query": query,
            "can_merge": services.can_merge_tags(request.user),
        },
    )


@require_POST
@login_required
def merge_tags(request):
    form = MergeTagsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name both tags."))
        return redirect("accounts:tags")
    source = Tag.objects.resolve(form.cleaned_data["source"])
    target = Tag.objects.resolve(form.cleaned_data["target"])
    if source is None or target is None:
        messages.error(request, _("Both tags must exist in the vocabulary."))
        return redirect("accounts:tags")
    try:
        services.merge_tags(source, target, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("“%(source)s” is merged into “%(target)s”.")
            % {"source": form.cleaned_data["source"], "target": target},
        )
    return redirect("accounts:tags")


@require_POST
@login_required
def add_synonym(request):
    form = SynonymForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name the tag and its other spelling."))
        return redirect("accounts:tags")
    tag = Tag.objects.resolve(form.cleaned_data["tag"])
    if tag is None:
        messages.error(
            request,
            _("“%(name)s” is not in the vocabulary yet: add it first.")
            % {"name": form.cleaned_data["tag"]},
        )
        return redirect("accounts:tags")
    try:
        synonym = services.add_synonym(tag, form.cleaned_data["name"], by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("“%(synonym)s” now means “%(tag)s”.") % {"synonym": synonym, "tag": tag}
        )
    return redirect("accounts:tags")
