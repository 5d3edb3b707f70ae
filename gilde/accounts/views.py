"""Pages about oneself: profile, expertise, offers and needs, organisations, tokens; tags."""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from gilde.accounts import rules, services
from gilde.accounts.forms import (
    ClaimDecisionForm,
    ClaimForm,
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
from gilde.accounts.models import (
    ApiToken,
    Expertise,
    Organisation,
    OrganisationClaim,
    ProfileItem,
    Tag,
    TagSynonym,
    fold_tag,
)
from gilde.core.confirm import ask_first, confirmed
from gilde.core.errors import DomainError
from gilde.core.forms import changed_fields, refusals, upload_form_is_valid
from gilde.core.models import AuditEntry

# /me/ is one form: "About me" and the expertise and offer sub-forms. Their buttons post
# the whole form to their own URL (formaction), so an unsaved "About me" edit travels
# with them and is shown again, not lost; "Save profile" (also the Enter key) saves
# "About me" and adds whatever expertise or offer was typed as well.


def _profile_page(request, form=None, expertise_form=None, item_form=None):
    user = request.user
    user.refresh_from_db()
    expertise_form = expertise_form or ExpertiseForm()
    item_form = item_form or ProfileItemForm()
    # The sub-forms are optional parts of the page's one form: the browser must not
    # demand them when "About me" is saved.
    expertise_form.use_required_attribute = item_form.use_required_attribute = False
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form or ProfileForm(instance=user),
            "completeness": services.profile_completeness(user),
            "expertise": user.expertise.select_related("tag"),
            "items": user.profile_items.prefetch_related("tags"),
            "expertise_form": expertise_form,
            "item_form": item_form,
            "affiliations": user.affiliations.select_related("organisation"),
        },
    )


def _back_to_profile(request):
    """After a sub-form's button: the profile page, keeping an unsaved "About me" edit."""
    if "name" in request.POST:  # the button came from the profile page's form
        form = ProfileForm(request.POST, instance=request.user)
        if form.has_changed():
            messages.info(
                request, _("Your changes to “About me” are kept below, but not saved yet.")
            )
            return _profile_page(request, form)
    return redirect("accounts:profile")


def _add_expertise(request) -> None:
    """Add the expertise typed on /me/; a mistake or refusal becomes a message."""
    form = ExpertiseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name the expertise and choose a level."))
        return
    with refusals(request):
        services.add_expertise(
            request.user, form.cleaned_data["tag"], form.cleaned_data["level"], by=request.user
        )


def _add_item(request) -> None:
    """Add the offer or need typed on /me/; a mistake or refusal becomes a message."""
    form = ProfileItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Describe what you offer or look for (at most 200 characters)."))
        return
    with refusals(request):
        services.add_profile_item(
            request.user,
            form.cleaned_data["kind"],
            form.cleaned_data["text"],
            split_tags(form.cleaned_data["tags"]),
            by=request.user,
        )


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, request.FILES or None, instance=user)
    if request.method == "POST" and upload_form_is_valid(request, form, "photo"):
        with refusals(form=form) as refused:
            services.update_profile(user, by=user, **changed_fields(form))
        if not refused:
            messages.success(request, _("Your profile has been saved."))
            # Typed into a sub-form but pressed "Save profile" (or Enter): add it too; a
            # refusal of that part is its own message, the profile stays saved.
            if request.POST.get("tag", "").strip():
                _add_expertise(request)
            if request.POST.get("text", "").strip():
                _add_item(request)
            return redirect("accounts:profile")
    if request.method == "POST":  # refused: show what was typed in the sub-forms again
        typed = request.POST.dict()
        return _profile_page(
            request, form, ExpertiseForm(initial=typed), ProfileItemForm(initial=typed)
        )
    return _profile_page(request, form)


@require_POST
@login_required
def add_expertise(request):
    _add_expertise(request)
    return _back_to_profile(request)


@require_POST
@login_required
def remove_expertise(request, expertise_id: int):
    expertise = get_object_or_404(Expertise, pk=expertise_id, user=request.user)
    services.remove_expertise(expertise, by=request.user)
    return _back_to_profile(request)


@require_POST
@login_required
def add_item(request):
    _add_item(request)
    return _back_to_profile(request)


@require_POST
@login_required
def remove_item(request, item_id: int):
    item = get_object_or_404(ProfileItem, pk=item_id, user=request.user)
    services.remove_profile_item(item, by=request.user)
    return _back_to_profile(request)


@login_required
def organisations(request):
    form = OrganisationForm(request.POST or None, request.FILES or None)
    offer = None
    if request.method == "POST" and upload_form_is_valid(request, form, "logo"):
        data = dict(form.cleaned_data)
        data["logo"] = data.get("logo") or ""
        with refusals(form=form) as refused:
            organisation = services.create_organisation(by=request.user, **data)
        if isinstance(refused.error, services.OrganisationExists):
            offer = refused.error.organisation  # offered as a claim, in plain words
        if not refused:
            messages.success(request, _("%(name)s added.") % {"name": organisation.name})
            return redirect("accounts:organisations")
    claim_form = None
    if offer is not None:
        claim_form = ClaimForm(
            initial={"kvk_number": offer.kvk_number, "job_title": form.cleaned_data["job_title"]},
            auto_id="claim-%s",  # the page's other form has the same fields
        )
    return render(
        request,
        "accounts/organisations.html",
        {
            "form": form,
            "affiliations": request.user.affiliations.select_related("organisation"),
            "claims": request.user.organisation_claims.pending().select_related("organisation"),
            "offer": offer,
            "claim_form": claim_form,
            "to_decide": OrganisationClaim.objects.pending().decidable_by(request.user).count(),
        },
    )


@require_POST
@login_required
def claim_organisation(request):
    form = ClaimForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the KvK number of the organisation."))
        return redirect("accounts:organisations")
    with refusals(request) as refused:
        claim = services.claim_organisation(
            by=request.user,
            kvk_number=form.cleaned_data["kvk_number"],
            job_title=form.cleaned_data["job_title"],
        )
    if not refused:
        messages.success(
            request,
            _(
                "We have asked the people of %(name)s to confirm that you work there. "
                "You will get an e-mail when they have answered."
            )
            % {"name": claim.organisation.name},
        )
    return redirect("accounts:organisations")


@require_POST
@login_required
def withdraw_claim(request, my_claim_id: int):
    claim = get_object_or_404(request.user.organisation_claims.pending(), pk=my_claim_id)
    if not confirmed(request):
        return ask_first(
            request,
            question=_("Withdraw your request to %(name)s?") % {"name": claim.organisation.name},
            button=_("Withdraw"),
            cancel_url=reverse("accounts:organisations"),
        )
    services.withdraw_claim(claim, by=request.user)
    messages.success(
        request, _("Your request to %(name)s is withdrawn.") % {"name": claim.organisation.name}
    )
    return redirect("accounts:organisations")


@login_required
def claims(request):
    """The claims on my organisations (every claim, for a site admin) waiting for an answer."""
    waiting = (
        OrganisationClaim.objects.pending()
        .decidable_by(request.user)
        .select_related("user", "organisation")
        .order_by("organisation__name", "created_at")
    )
    return render(request, "accounts/claims.html", {"claims": waiting})


@require_POST
@login_required
def decide_claim(request, claim_id: int):
    claim = get_object_or_404(OrganisationClaim.objects.decidable_by(request.user), pk=claim_id)
    form = ClaimDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or refuse."))
        return redirect("accounts:claims")
    accept = form.cleaned_data["decision"] == "accept"
    with refusals(request) as refused:
        services.decide_claim(claim, by=request.user, accept=accept)
    if not refused:
        names = {"person": claim.user.display_name, "organisation": claim.organisation.name}
        if accept:
            messages.success(request, _("%(person)s is now linked to %(organisation)s.") % names)
        else:
            messages.success(request, _("%(person)s is not linked to %(organisation)s.") % names)
    return redirect("accounts:claims")


@login_required
def edit_organisation(request, organisation_id: int):
    organisation = get_object_or_404(
        Organisation.objects.editable_by(request.user), pk=organisation_id
    )
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    del form.fields["job_title"]
    if request.method == "POST" and upload_form_is_valid(request, form, "logo"):
        with refusals(form=form) as refused:
            services.update_organisation(organisation, by=request.user, **changed_fields(form))
        if not refused:
            messages.success(request, _("%(name)s saved.") % {"name": organisation.name})
            return redirect("accounts:organisations")
    return render(
        request, "accounts/organisation_edit.html", {"form": form, "organisation": organisation}
    )


@require_POST
@login_required
def leave_organisation(request, organisation_id: int):
    organisation = get_object_or_404(
        Organisation.objects.represented_by(request.user), pk=organisation_id
    )
    if not confirmed(request):
        return ask_first(
            request,
            question=_("Leave %(name)s?") % {"name": organisation},
            explanation=_(
                "You are no longer listed there, and the memberships you hold on its behalf end."
            ),
            button=_("Leave"),
            cancel_url=reverse("accounts:organisations"),
        )
    services.leave_organisation(organisation, by=request.user)
    messages.success(request, _("You are no longer listed at %(name)s.") % {"name": organisation})
    return redirect("accounts:organisations")


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            _token, new_token = services.issue_token(
                request.user, form.cleaned_data["name"], by=request.user
            )
        if not refused:
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
    if not confirmed(request):
        return ask_first(
            request,
            question=_("Revoke the token “%(name)s”?") % {"name": token.name},
            explanation=_("Programs that use it can no longer reach Gilde."),
            button=_("Revoke"),
            cancel_url=reverse("accounts:tokens"),
        )
    services.revoke_token(token, by=request.user)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


@login_required
def tags(request):
    can_merge = rules.can_curate_vocabulary(request.user)
    form = TagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(form=form) as refused:
            tag = services.add_tag(form.cleaned_data["name"], by=request.user)
        if not refused:
            messages.success(request, _("Tag “%(name)s” is in the vocabulary.") % {"name": tag})
            return redirect("accounts:tags")
    query = request.GET.get("q", "").strip()[:60]
    # Sorted the Dutch way: case- and accent-blind ("Aquaponics", "bioraffinage", "Coöperatie").
    vocabulary = (
        Tag.objects.annotate(uses=Count("expertise", distinct=True))
        .prefetch_related("synonyms")
        .order_by("folded", "name")
    )
    if query:
        key = fold_tag(query)
        vocabulary = vocabulary.filter(
            Q(folded__contains=key)
            | Q(pk__in=TagSynonym.objects.filter(folded__contains=key).values("tag"))
        )
    return render(
        request,
        "accounts/tags.html",
        {
            "form": form,
            "merge_form": MergeTagsForm(),
            "synonym_form": SynonymForm(),
            "tags": vocabulary[:500],
            "query": query,
            "can_merge": can_merge,
            "merges": _recent_merges() if can_merge else [],
        },
    )


@login_required
def suggest_tags(request):
    """Existing tags (with their synonyms) for a tag input, matched case- and accent-blind.

    `q` is the text typed; a tag input sends its own value instead, named by
    `field`. With `many=1` the value is a comma-separated list and only its last
    part is looked up; each suggestion then completes the whole value. htmx gets
    `<option>`s for the input's datalist, anyone else JSON.
    """
    raw = request.GET.get("q")
    if raw is None:
        raw = request.GET.get(request.GET.get("field", ""), "")
    raw = raw[:500]
    head, last = "", raw
    if request.GET.get("many") == "1" and "," in raw:
        before, _comma, last = raw.rpartition(",")
        head = ", ".join(split_tags(before)) + ", "
    suggestions = services.suggest_tags(last)
    if request.htmx:
        return render(request, "accounts/_tag_options.html", {"tags": suggestions, "prefix": head})
    return JsonResponse(
        {
            "q": last.strip(),
            "tags": [
                {
                    "name": tag.name,
                    "slug": tag.slug,
                    "value": head + tag.name,
                    "synonyms": [synonym.name for synonym in tag.synonyms.all()],
                }
                for tag in suggestions
            ],
        }
    )


def _recent_merges(limit: int = 10) -> list[AuditEntry]:
    """The latest merges from the audit log, each marked `undone` when it has been undone."""
    merges = list(
        AuditEntry.objects.site_level()
        .filter(verb=services.TAG_MERGED)
        .select_related("actor")[:limit]
    )
    undone = set(
        AuditEntry.objects.filter(
            verb=services.TAG_MERGE_UNDONE,
            target_type="auditentry",
            target_id__in=[entry.pk for entry in merges],
        ).values_list("target_id", flat=True)
    )
    for entry in merges:
        entry.undone = entry.pk in undone
    return merges


@require_POST
@login_required
def undo_merge(request, entry_id: int):
    if not rules.can_curate_vocabulary(request.user):
        raise Http404
    entry = get_object_or_404(
        AuditEntry.objects.site_level().filter(verb=services.TAG_MERGED), pk=entry_id
    )
    if not confirmed(request):
        return ask_first(
            request,
            question=_("Undo the merge of “%(source)s” into “%(target)s”?")
            % {"source": entry.data["source"]["name"], "target": entry.data["target"]["name"]},
            button=_("Undo"),
            cancel_url=reverse("accounts:tags"),
        )
    with refusals(request) as refused:
        tag = services.undo_tag_merge(entry, by=request.user)
    if not refused:
        messages.success(
            request,
            _("“%(source)s” is back, with everything that was merged into “%(target)s”.")
            % {"source": tag.name, "target": entry.data["target"]["name"]},
        )
    return redirect("accounts:tags")


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
    with refusals(request) as refused:
        services.merge_tags(source, target, by=request.user)
    if not refused:
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
    with refusals(request) as refused:
        synonym = services.add_synonym(tag, form.cleaned_data["name"], by=request.user)
    if not refused:
        messages.success(
            request, _("“%(synonym)s” now means “%(tag)s”.") % {"synonym": synonym, "tag": tag}
        )
    return redirect("accounts:tags")


def set_language(request):
    """Django's language switch, which also remembers the choice of someone logged in."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated:
        # Django's view has already ignored an unknown language; so do we.
        with contextlib.suppress(DomainError):
            services.set_language(request.user, language, by=request.user)
    return response
