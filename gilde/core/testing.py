"""Small factories for tests: named people and networks that read like a story."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model

_counter = itertools.count(1)
PASSWORD = "correct horse battery staple"  # noqa: S105 - test fixture


def make_user(name: str = "", email: str | None = None, *, verified: bool = True, **fields):
    """A person with an account; their address is verified (logging in requires it) unless not."""
    from allauth.account.models import EmailAddress

    n = next(_counter)
    name = name or f"Person {n}"
    email = email or f"{name.split()[0].lower()}{n}@example.test"
    user = get_user_model().objects.create_user(email=email, password=PASSWORD, name=name, **fields)
    EmailAddress.objects.create(
        user=user, email=user.email.lower(), primary=True, verified=verified
    )
    return user


def make_organisation(name: str = "", **fields):
    from gilde.accounts.models import Organisation

    n = next(_counter)
    return Organisation.objects.create(name=name or f"Bedrijf {n} B.V.", **fields)


def make_network(name: str = "", **fields):
    from django.utils.text import slugify

    from gilde.networks.models import Network

    n = next(_counter)
    name = name or f"Netwerk {n}"
    fields.setdefault("slug", slugify(name))
    return Network.objects.create(name=name, **fields)


def make_membership(user, network, role: str = "member", **fields):
    from gilde.networks.models import Membership

    return Membership.objects.create(user=user, network=network, role=role, **fields)


def make_tag(name: str):
    from gilde.accounts.models import Tag

    return Tag.objects.get_or_create_by_name(name)
