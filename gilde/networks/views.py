"""Network pages: the directory, a network's home, its members, joining, invitations, managing."""

from functools import wraps
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gilde.accounts.forms import WelcomeForm
from gilde.accounts.services import profile_completeness
from gilde.core import access, fragments
from gilde.core.confirm import ask_first, confirmed
from gilde.core.errors import DomainError
from gilde.core.forms import (
    changed_fields,
    refusals,
    suggestion_options,
    upload_form_is_valid,
)
from gilde.core.models import AuditEntry
from gilde.core.prepared import Prepared
from gilde.networks import log as audit_log
from gilde.networks import services
from gilde.networks.forms import (
    DecisionForm,
    InvitationForm,
    JoinForm,
    ManagedMemberFilterForm,
    MemberFilterForm,
    MembershipChangeForm,
    NetworkForm,
    PartnerForm,
)
from gilde.networks.models import (
    COUNTED,
    Invitation,
    JoinRequest,
    Membership,
    Network,
    PartnerLink,
)

MEMBERS_PER_PAGE = 48
LOG_ENTRIES_PER_PAGE = 50


def _network(request, slug: str) -> Network:
    """The network at `slug`: one of the user's own, as core.access loaded them for this
    request anyway (no second query), or read, or 404."""
    for membership in access.memberships(request.user).values():
        if membership.network.slug == slug:
            return membership.network
    found = _network_at(slug=slug)
    if not found:
        raise Http404
    return found[0]


# Every network page a visitor opens reads it: compiled once (core.prepared).
_network_at = Prepared(lambda p: Network._default_manager.filter(slug=p.text("slug")))


def network_view(action: str = "view"):
    """Resolve `slug` to a network the user may `action` in, or answer 404."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            network = _network(request, slug)
            access.require(request.user, network, action)
            request.network = network
            request.membership = access.memberships(request.user).get(network.pk)
            return view(request, network, *args, **kwargs)

        return wrapper

    return decorator


def directory(request):
    # A cached fragment (over all networks): on a hit, the list is never read.
    networks = Network.objects.listed().with_member_count().order_by("name")
    return render(request, "networks/directory.html", {"networks": networks})


@login_required
def create(request):
    """Set up a network. Where only site admins may (NETWORK_CREATION=admins), 404 for others."""
    if not access.can_create_network(request.user):
        raise Http404
    form = NetworkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and upload_form_is_valid(request, form, "logo"):
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        with refusals(form=form) as refused:
            network = services.create_network(by=request.user, **data)
        if not refused:
            # The address is always named: it may be a free variant of the wished one.
            address = request.build_absolute_uri(reverse("networks:home", args=[network.slug]))
            if network.awaiting_approval:
                messages.success(
                    request,
                    _(
                        "%(network)s is set up at %(address)s and waits for a site "
                        "administrator's approval. Until then only you can see it."
                    )
                    % {"network": network.name, "address": address},
                )
                return redirect("networks:home", network.slug)
            messages.success(
                request,
                _("%(network)s is ready at %(address)s. Invite the first members.")
                % {"network": network.name, "address": address},
            )
            return redirect("networks:manage", network.slug)
    return render(
        request,
        "networks/create.html",
        {"form": form, "needs_approval": services.creation_needs_approval(request.user)},
    )


@network_view("manage")
def edit_settings(request, network):
    initial = {}
    if network.awaiting_approval:
        # Hidden until approved; the form shows (and changes) the visibility chosen for after.
        initial["visibility"] = network.requested_visibility
    form = NetworkForm(
        request.POST or None, request.FILES or None, instance=network, initial=initial
    )
    del form.fields["slug"]
    if network.awaiting_approval:
        form.fields["visibility"].help_text = _(
            "Until a site administrator approves the network, only you can see it."
        )
    if request.method == "POST" and upload_form_is_valid(request, form, "logo"):
        with refusals(form=form) as refused:
            services.update_network(network, by=request.user, **changed_fields(form))
        if not refused:
            messages.success(request, _("The network's settings are saved."))
            return redirect("networks:home", network.slug)
    return render(request, "networks/settings.html", {"network": network, "form": form})


@login_required
def mine(request):
    def facts():
        # The memberships every page reads for the rights (core.access), in name order.
        memberships = sorted(
            access.memberships(request.user).values(),
            key=lambda membership: (membership.network.name.casefold(), membership.pk),
        )
        return {"memberships": memberships, "completeness": profile_completeness(request.user)}

    # A cached fragment (the viewer's networks and profile): on a hit, `facts` never runs.
    return render(
        request,
        "networks/mine.html",
        {
            **fragments.lazy(facts, "memberships", "completeness"),
            "can_create_network": access.can_create_network(request.user),
        },
    )


@network_view("view")
def home(request, network):
    def facts():
        partners = [link.other(network) for link in PartnerLink.objects.accepted_for(network)]
        counts = (
            Membership.objects.active()
            .filter(network=network)
            .aggregate(
                members=Count("pk", filter=COUNTED),
                organisations=Count("organisation", distinct=True),
            )
        )
        pending_request = (
            request.user.is_authenticated
            and JoinRequest.objects.filter(
                network=network, user=request.user, status="pending"
            ).exists()
        )
        return {
            "partners": [p for p in partners if access.can_view_network(request.user, p)],
            "counts": counts,
            "pending_request": pending_request,
        }

    # The page is a cached fragment: on a hit, `facts` never runs.
    coordinators = Membership.objects.coordinators().filter(network=network).select_related("user")
    return render(
        request,
        "networks/home.html",
        {
            "network": network,
            **fragments.lazy(facts, "partners", "counts", "pending_request"),
            "coordinators": coordinators,
            "can_join": access.can_request_to_join(request.user, network),
        },
    )


@network_view("members")
def members(request, network):
    def listing():
        form = MemberFilterForm(network, request.GET or None)
        rows = Membership.objects.directory().filter(network=network).search(**form.filters())
        page = Paginator(rows, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
        return {"form": form, "page": page}

    # The directory is a cached fragment: on a hit, `listing` never runs.
    template = "networks/_member_list.html" if request.htmx else "networks/members.html"
    context = {"network": network, **fragments.lazy(listing, "form", "page")}
    return render(request, template, context)


@network_view("members")
def member_suggestions(request, network):
    """What the directory's expertise or organisation field suggests for the text typed:
    `<option>`s for its datalist (htmx), JSON for anyone else."""
    field = request.GET.get("field", "")
    members = Membership.objects.counted().filter(network=network)
    suggest = {"expertise": members.expertise_names, "organisation": members.organisation_names}
    if field not in suggest:
        raise Http404
    text = " ".join(request.GET.get(field, "").split())[:100]
    names = suggest[field](text)
    if request.htmx:
        return HttpResponse(suggestion_options(names))
    return JsonResponse({"q": text, "suggestions": names})


@network_view("members")
def person(request, network, user_id: int):
    membership = get_object_or_404(
        Membership.objects.active().select_related("user", "organisation"),
        network=network,
        user_id=user_id,
    )
    person = membership.user
    return render(
        request,
        "networks/person.html",
        {
            "network": network,
            "member": membership,
            "person": person,
            "expertise": person.expertise.select_related("tag"),
            "offers": person.profile_items.filter(kind="offer").prefetch_related("tags"),
            "needs": person.profile_items.filter(kind="need").prefetch_related("tags"),
            "organisations": person.affiliations.select_related("organisation"),
        },
    )


@login_required
@network_view("view")
def join(request, network):
    if request.membership is not None:
        messages.info(request, _("You are already a member of %(network)s.") % {"network": network})
        return redirect("networks:home", network.slug)
    form = JoinForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request) as refused:
            result = services.join(
                network,
                by=request.user,
                motivation=form.cleaned_data["motivation"],
                organisation=form.cleaned_data.get("organisation"),
            )
        if not refused:
            if isinstance(result, Membership):
                messages.success(request, _("Welcome to %(network)s!") % {"network": network.name})
                return redirect("networks:members", network.slug)
            messages.success(request, _("Your request has been sent to the coordinators."))
            return redirect("networks:home", network.slug)
    return render(request, "networks/join.html", {"network": network, "form": form})


@require_POST
@login_required
@network_view("view")
def leave(request, network):
    if request.membership is not None and not confirmed(request):
        return ask_first(
            request,
            question=_("Leave %(network)s?") % {"network": network.name},
            explanation=_("You lose access to what is shared with its members."),
            button=_("Leave this network"),
            cancel_url=reverse("networks:home", args=[network.slug]),
        )
    with refusals(request) as refused:
        services.leave(network, by=request.user)
    if refused:
        return redirect("networks:home", network.slug)
    messages.success(request, _("You have left %(network)s.") % {"network": network.name})
    return redirect("networks:mine")


MANAGED_MEMBERS_PER_PAGE = 25


def _manage_page(request, network, template: str, **context):
    """One tab of the manage pages; each tab shows how much waits in the others."""
    counts = {
        "requests": JoinRequest.objects.filter(network=network, status="pending").count(),
    }
    return render(request, template, {"network": network, "waiting": counts, **context})


@network_view("manage")
def manage(request, network):
    """The coordinator's start: join requests waiting for a decision."""
    requests = JoinRequest.objects.filter(network=network, status="pending").select_related(
        "user", "organisation"
    )
    return _manage_page(request, network, "networks/manage.html", requests=requests)


@network_view("manage")
def manage_members(request, network):
    """Every member but those who left, searchable by name, e-mail or organisation, in pages."""
    form = ManagedMemberFilterForm(request.GET or None)
    rows = (
        Membership.objects.filter(network=network)
        .exclude(status=Membership.Status.LEFT)
        .select_related("user", "organisation")
        .order_by("role", "user__name", "pk")
    )
    rows = form.apply(rows)
    page = Paginator(rows, MANAGED_MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    return _manage_page(
        request,
        network,
        "networks/manage_members.html",
        form=form,
        page=page,
        role_choices=Membership.Role.choices,
    )


@network_view("manage")
def manage_invitations(request, network):
    invitations = Invitation.objects.filter(network=network, revoked_at__isnull=True)
    return _manage_page(
        request,
        network,
        "networks/manage_invitations.html",
        invitations=invitations.select_related("created_by"),
        invitation_form=InvitationForm(),
    )


@network_view("manage")
def manage_partners(request, network):
    links = PartnerLink.objects.filter(Q(from_network=network) | Q(to_network=network))
    return _manage_page(
        request,
        network,
        "networks/manage_partners.html",
        partner_links=links.select_related("from_network", "to_network"),
        partner_form=PartnerForm(network, request.user),
    )


def _back_to_manage(network, tab: str = "manage", request=None):
    """Back to the tab the action was on, keeping its search and page when it sent them."""
    url = reverse(f"networks:{tab}", args=[network.slug])
    back = urlsplit(request.POST.get("back", "")) if request is not None else None
    if back and back.path == url and back.query:
        url += "?" + urlencode(parse_qsl(back.query))
    return redirect(url)


@network_view("manage")
def log(request, network):
    """The network's audit log, newest first: who admitted, suspended, invited, linked whom."""
    entries = AuditEntry.objects.for_network(network).order_by("-created_at", "-pk")
    page = Paginator(entries, LOG_ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"network": network, "page": page, "lines": audit_log.lines(list(page), request.user)}
    return render(request, "networks/log.html", context)


@require_POST
@network_view("manage")
def change_member(request, network, membership_id: int):
    membership = get_object_or_404(Membership, network=network, pk=membership_id)
    form = MembershipChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role or status."))
        return _back_to_manage(network, "manage_members", request)
    suspending = form.cleaned_data["status"] == Membership.Status.SUSPENDED
    if suspending and membership.status != Membership.Status.SUSPENDED and not confirmed(request):
        return ask_first(
            request,
            question=_("Suspend %(person)s?") % {"person": membership.user.display_name},
            explanation=_(
                "Until you reinstate them they cannot see or change anything that is for "
                "members of %(network)s."
            )
            % {"network": network.name},
            button=_("Suspend"),
            cancel_url=reverse("networks:manage_members", args=[network.slug]),
        )
    with refusals(request) as refused:
        services.change_membership(
            membership,
            by=request.user,
            role=form.cleaned_data["role"] or None,
            status=form.cleaned_data["status"] or None,
        )
    if not refused:
        messages.success(
            request, _("Membership of %(person)s updated.") % {"person": membership.user}
        )
    return _back_to_manage(network, "manage_members", request)


@require_POST
@network_view("manage")
def decide_request(request, network, request_id: int):
    join_request = get_object_or_404(JoinRequest, network=network, pk=request_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or decline."))
        return _back_to_manage(network)
    approve = form.cleaned_data["decision"] == "approve"
    with refusals(request) as refused:
        services.decide_join_request(
            join_request, by=request.user, approve=approve, message=form.cleaned_data["message"]
        )
    if not refused:
        messages.success(
            request,
            (_("%(person)s is now a member.") if approve else _("Request of %(person)s declined."))
            % {"person": join_request.user},
        )
    return _back_to_manage(network)


@require_POST
@network_view("manage")
def create_invitation(request, network):
    form = InvitationForm(request.POST)
    if not form.is_valid():
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(
            request,
            _("The invitation was not created: %(problems)s") % {"problems": problems},
        )
        return _back_to_manage(network, "manage_invitations", request)
    with refusals(request) as refused:
        invitation = services.create_invitation(network, by=request.user, **form.service_data())
    if not refused:
        link = request.build_absolute_uri(reverse("networks:invitation", args=[invitation.token]))
        messages.success(request, _("Invitation created: %(link)s") % {"link": link})
    return _back_to_manage(network, "manage_invitations", request)


@require_POST
@network_view("manage")
def revoke_invitation(request, network, invitation_id: int):
    invitation = get_object_or_404(Invitation, network=network, pk=invitation_id)
    if not confirmed(request):
        return ask_first(
            request,
            question=_("Withdraw this invitation?"),
            explanation=_("Its link stops working at once."),
            button=_("Withdraw"),
            cancel_url=reverse("networks:manage_invitations", args=[network.slug]),
        )
    services.revoke_invitation(invitation, by=request.user)
    messages.success(request, _("Invitation withdrawn."))
    return _back_to_manage(network, "manage_invitations", request)


@require_POST
@network_view("manage")
def propose_partner(request, network):
    form = PartnerForm(network, request.user, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a network to link with."))
        return _back_to_manage(network, "manage_partners", request)
    with refusals(request) as refused:
        services.propose_partner(
            network, form.cleaned_data["partner"], by=request.user, note=form.cleaned_data["note"]
        )
    if not refused:
        messages.success(request, _("Partner link proposed."))
    return _back_to_manage(network, "manage_partners", request)


@require_POST
@network_view("manage")
def partner_action(request, network, link_id: int):
    link = get_object_or_404(
        PartnerLink.objects.filter(Q(from_network=network) | Q(to_network=network)), pk=link_id
    )
    if request.POST.get("action") != "accept" and not confirmed(request):
        other = link.other(network)
        return ask_first(
            request,
            question=_("Remove the partner link with %(network)s?") % {"network": other.name},
            button=_("Remove"),
            cancel_url=reverse("networks:manage_partners", args=[network.slug]),
        )
    with refusals(request):
        if request.POST.get("action") == "accept":
            services.accept_partner(link, by=request.user)
            messages.success(request, _("Partner link accepted."))
        else:
            services.remove_partner(link, by=request.user)
            messages.success(request, _("Partner link removed."))
    return _back_to_manage(network, "manage_partners", request)


def invitation(request, token: str):
    """Screen 1 (anonymous): on to sign-up. Screen 2: the short profile step that joins."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("network", "created_by"), token=token
    )
    network = invitation.network
    try:
        services.check_invitation(invitation)
    except DomainError as error:
        return render(
            request,
            "networks/invitation_unusable.html",
            {"network": network, "error": error},
            status=410,
        )
    if not request.user.is_authenticated:
        request.session["invitation"] = token
        request.session["invitation_network"] = network.name
        # Who sent it: the link's holder was invited by them, so may know the name.
        inviter = invitation.created_by
        request.session["invitation_inviter"] = inviter.display_name if inviter else ""
        # The mailed link carries a proof that its visitor reads mail at the
        # invited address: signing up with it then needs no verification mail.
        proof = request.GET.get("proof", "")
        if invitation.email and constant_time_compare(proof, invitation.email_proof()):
            request.session["invitation_email"] = invitation.email
        else:
            request.session.pop("invitation_email", None)
        return redirect(f"{reverse('account_signup')}?next={request.path}")
    if access.role_in(request.user, network) is not None:
        messages.info(request, _("You are already a member of %(network)s.") % {"network": network})
        return redirect("networks:home", network.slug)
    form = WelcomeForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and upload_form_is_valid(request, form, "photo"):
        with refusals(request) as refused:
            services.accept_invitation(invitation, by=request.user, profile=form.profile())
        if not refused:
            for key in (
                "invitation",
                "invitation_network",
                "invitation_inviter",
                "invitation_email",
            ):
                request.session.pop(key, None)
            messages.success(request, _("Welcome to %(network)s!") % {"network": network.name})
            return redirect("networks:members", network.slug)
    return render(
        request,
        "networks/invitation.html",
        {"network": network, "invitation": invitation, "form": form},
    )
