"""Signing in: allauth's backend (by e-mail address), with the signed-in user read on every
request through a prepared query (core.prepared) rather than built afresh by the ORM."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from gilde.accounts.models import User
from gilde.core.prepared import Prepared

_user = Prepared(lambda p: User.objects.filter(pk=p.pk))


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        """What ModelBackend.get_user answers: the user, unless there is none or they may
        not sign in (inactive)."""
        try:
            found = _user(pk=int(user_id))
        except (TypeError, ValueError, OverflowError):
            return None
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
