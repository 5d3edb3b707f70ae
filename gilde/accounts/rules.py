"""Who may do what to organisations and to the shared tag vocabulary.

Views, services and the API all ask here, so a page and its API route cannot
disagree. Network roles live in `gilde.core.access`; these rules are about
accounts' own objects and do not depend on any network role:

- Being linked to an organisation is not a hold on it. Only a *confirmed* link
  (an Affiliation) lets someone be shown as one of its people, edit it or act on
  its behalf; a claim (someone typed its KvK number) gives nothing until a
  confirmed person of it, or a site admin, accepts.
- The vocabulary is site-level: merging tags and adding synonyms is for site
  admins and the people they grant `accounts.curate_vocabulary` in the admin,
  never for "a coordinator of some network" (anyone can set up a network).
"""

from __future__ import annotations

from gilde.accounts.models import Affiliation, OrganisationClaim
from gilde.core import access

CURATE_VOCABULARY = "accounts.curate_vocabulary"


def is_confirmed_at(user, organisation) -> bool:
    """`user` is a confirmed person of `organisation`: shown as theirs, may act on its behalf."""
    if user is None or not user.is_authenticated or organisation is None:
        return False
    return Affiliation.objects.filter(user=user, organisation=organisation).exists()


def may_edit_organisation(user, organisation) -> bool:
    """Change its name, website, logo…: its confirmed people, and site admins."""
    return access.is_site_admin(user) or is_confirmed_at(user, organisation)


def may_decide_claim(user, claim: OrganisationClaim) -> bool:
    """Accept or refuse a claim: a confirmed person of the organisation, or a site admin."""
    return OrganisationClaim.objects.decidable_by(user).filter(pk=claim.pk).exists()


def can_curate_vocabulary(user) -> bool:
    """Merge tags, add synonyms, undo a merge (site admins have every permission)."""
    return bool(user is not None and user.is_authenticated and user.has_perm(CURATE_VOCABULARY))
