from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


@dataclass(frozen=True)
class Site:
    """What allauth's mails call the site: SITE_NAME and SITE_URL's host, never the host
    the request happened to arrive on ("Hallo van 127.0.0.1:8101!")."""

    name: str
    domain: str

    @classmethod
    def current(cls) -> "Site":
        return cls(settings.SITE_NAME, urlsplit(settings.SITE_URL).netloc or "localhost")


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up as the operator set it (SIGNUP_MODE), and the invitation's shortcuts.

    The invitation page keeps its token in the session (`invitation`), and the
    address it was mailed to once the mailed link was followed
    (`invitation_email`); see gilde.networks.views.invitation.
    """

    def send_mail(self, template_prefix, email, context):
        context = {**context, "current_site": Site.current()}
        return super().send_mail(template_prefix, email, context)

    def is_open_for_signup(self, request):
        if settings.SIGNUP_MODE == "open":
            return True
        from gilde.networks.services import usable_invitation

        return usable_invitation(request.session.get("invitation")) is not None

    def is_email_verified(self, request, email):
        """Following the link mailed to an address proves it: no second mail to verify it."""
        from gilde.networks.services import invitation_verifies

        return invitation_verifies(
            request.session.get("invitation"), request.session.get("invitation_email"), email
        ) or super().is_email_verified(request, email)

    def get_signup_redirect_url(self, request):
        """After sign-up through an invitation, go straight to its profile step."""
        token = request.session.get("invitation")
        if token:
            from django.urls import reverse

            return reverse("networks:invitation", args=[token])
        return super().get_signup_redirect_url(request)
