"""API authentication: a personal access token (Authorization: Bearer …) or the session.

A token that is sent but not valid is refused with 401 on every route, public
ones included, so a client with a revoked token notices instead of silently
being served as anonymous. The session is checked before CSRF, so an expired
session answers 401 (log in again), not a CSRF refusal.
"""

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf


class CsrfRefused(HttpError):
    def __init__(self):
        super().__init__(
            403, str(_("The form was sent without a valid CSRF token: reload the page."))
        )


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        ApiToken = apps.get_model("accounts", "ApiToken")
        row = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=ApiToken.hash(token), user__is_active=True)
            .first()
        )
        if row is None:
            raise AuthenticationError()
        # Touch last_used_at at most once a minute: one UPDATE, no read-modify-write.
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


class SessionAuth(APIKeyCookie):
    """Django's session, with CSRF checked for logged-in callers only."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request):
            raise CsrfRefused()
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


class Anonymous:
    """For routes anyone may call: succeeds for everybody, request.user stays as it is.

    The OpenAPI document marks these routes' security as optional.
    """

    def __call__(self, request):
        return True


anonymous = Anonymous()
token_auth = TokenAuth()
session_auth = SessionAuth()
auth_methods = [token_auth, session_auth]
public = [token_auth, session_auth, anonymous]
