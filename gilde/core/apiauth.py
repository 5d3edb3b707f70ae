"""API authentication: a personal access token (Authorization: Bearer …) or the session."""

from django.apps import apps
from django.utils import timezone
from ninja.security import HttpBearer, django_auth


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
            return None
        # Touch last_used_at at most once a minute: one UPDATE, no read-modify-write.
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


def anonymous(request):
    """For routes anyone may call: succeeds for everybody, request.user stays as it is."""
    return True


token_auth = TokenAuth()
auth_methods = [token_auth, django_auth]
public = [token_auth, django_auth, anonymous]
