from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """After sign-up through an invitation, go straight to its profile step."""

    def get_signup_redirect_url(self, request):
        token = request.session.get("invitation")
        if token:
            from django.urls import reverse

            return reverse("networks:invitation", args=[token])
        return super().get_signup_redirect_url(request)
