"""Who sees an item: every visibility, published and draft, for every kind of viewer.

Each cell is asked twice, of `Article.objects.visible_to` (what pages, the API and
feeds use) and of `gilde.core.search.search` (its own SQL), and both must give
the table's answer. The articles are written by Alice (active), Sam (suspended
since) and Lea (left since), each with Cor as co-author and Cirk in the circle;
"suspended author" and "departed author" look at their own articles.
Authorship counts only while the membership does (docs/access.md): changing
(`editable_by`) is for the active author and co-author alone. Questions and
sessions (always published, no co-authors) follow the same table's published
columns, asked of their own QuerySets and of search's other sources.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from gilde.core import access, search
from gilde.core.testing import make_membership, make_network, make_user
from gilde.knowledge import services
from gilde.knowledge.models import Article, Question, Session
from gilde.networks.models import Membership

VISIBILITIES = ("public", "network", "circle", "private")
STATES = ("published", "draft")
WORD = "vezelmat"

# Y: sees it. Columns: the four visibilities published, then the four as drafts.
#                        published            draft
#                        pub  net  cir  pri   pub  net  cir  pri
IN_A_LISTED_NETWORK = {
    "author":           "Y    Y    Y    Y     Y    Y    Y    Y",
    "co-author":        "Y    Y    Y    Y     Y    Y    Y    Y",
    "circle member":    "Y    Y    Y    -     -    -    -    -",
    "member":           "Y    Y    -    -     -    -    -    -",
    "guest":            "Y    -    -    -     -    -    -    -",
    "outsider":         "Y    -    -    -     -    -    -    -",
    "anonymous":        "Y    -    -    -     -    -    -    -",
    "hidden member":    "Y    -    -    -     -    -    -    -",
    "suspended author": "Y    -    -    -     -    -    -    -",
    "departed author":  "Y    -    -    -     -    -    -    -",
}  # fmt: skip
# In a hidden network "public" means its members only.
IN_A_HIDDEN_NETWORK = {
    "author":           "Y    Y    Y    Y     Y    Y    Y    Y",
    "co-author":        "Y    Y    Y    Y     Y    Y    Y    Y",
    "circle member":    "Y    Y    Y    -     -    -    -    -",
    "member":           "Y    Y    -    -     -    -    -    -",
    "guest":            "-    -    -    -     -    -    -    -",
    "outsider":         "-    -    -    -     -    -    -    -",
    "anonymous":        "-    -    -    -     -    -    -    -",
    "hidden member":    "-    -    -    -     -    -    -    -",
    "suspended author": "-    -    -    -     -    -    -    -",
    "departed author":  "-    -    -    -     -    -    -    -",
}  # fmt: skip
TABLES = {"listed": IN_A_LISTED_NETWORK, "hidden": IN_A_HIDDEN_NETWORK}
CELLS = [(visibility, state) for state in STATES for visibility in VISIBILITIES]


def expected(table: dict, viewer: str) -> dict[tuple[str, str], bool]:
    marks = table[viewer].split()
    assert len(marks) == len(CELLS), viewer
    return {cell: mark == "Y" for cell, mark in zip(CELLS, marks, strict=True)}


def write_all(network, author, coauthor, circle_member) -> dict[tuple[str, str], Article]:
    return {
        (visibility, state): services.create_article(
            network,
            by=author,
            title=f"{WORD.capitalize()} {visibility} {state}",
            body=f"Over {WORD} en vlas.",
            visibility=visibility,
            circle=[circle_member.pk] if visibility == "circle" else None,
            coauthors=[coauthor.pk],
            publish=state == "published",
        )
        for visibility, state in CELLS
    }


def write_others(network, author, circle_member) -> dict[str, dict[str, object]]:
    """A question and a session of each visibility (they have no drafts)."""
    start = timezone.now() + timedelta(days=7)
    made = {"question": {}, "session": {}}
    for visibility in VISIBILITIES:
        circle = [circle_member.pk] if visibility == "circle" else None
        made["question"][visibility] = services.ask_question(
            network,
            by=author,
            title=f"{WORD.capitalize()} vraag {visibility}?",
            body=f"Wie weet iets van {WORD}?",
            visibility=visibility,
            circle=circle,
        )
        made["session"][visibility] = services.create_session(
            network,
            by=author,
            title=f"{WORD.capitalize()} sessie {visibility}",
            description=f"Over {WORD}.",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            visibility=visibility,
            circle=circle,
        )
    return made


@pytest.fixture(params=["listed", "hidden"])
def world(request, db):
    network = make_network(f"Vezelkring {request.param}", visibility=request.param)
    people = {
        name: make_user(name)
        for name in ("Alice Auteur", "Cor Coauteur", "Cirk Kring", "Mia Lid", "Gijs Gast",
                     "Olga Buiten", "Hans Verborgen", "Sam Geschorst", "Lea Vertrokken")
    }  # fmt: skip
    for name in ("Alice Auteur", "Cor Coauteur", "Cirk Kring", "Mia Lid", "Sam Geschorst",
                 "Lea Vertrokken"):  # fmt: skip
        make_membership(people[name], network, role="member")
    make_membership(people["Gijs Gast"], network, role="guest")
    elsewhere = make_network("Andere Stille Kring", visibility="hidden")
    make_membership(people["Hans Verborgen"], elsewhere, role="member")

    coauthor, circle = people["Cor Coauteur"], people["Cirk Kring"]
    articles = {
        "alice": write_all(network, people["Alice Auteur"], coauthor, circle),
        "sam": write_all(network, people["Sam Geschorst"], coauthor, circle),
        "lea": write_all(network, people["Lea Vertrokken"], coauthor, circle),
    }
    others = {
        whose: write_others(network, people[name], circle)
        for whose, name in (("alice", "Alice Auteur"), ("sam", "Sam Geschorst"),
                            ("lea", "Lea Vertrokken"))
    }  # fmt: skip
    # Since writing them, Sam was suspended and Lea left.
    Membership.objects.filter(user=people["Sam Geschorst"]).update(status="suspended")
    Membership.objects.filter(user=people["Lea Vertrokken"]).update(status="left")

    viewers = {
        "author": ("Alice Auteur", "alice"),
        "co-author": ("Cor Coauteur", "alice"),
        "circle member": ("Cirk Kring", "alice"),
        "member": ("Mia Lid", "alice"),
        "guest": ("Gijs Gast", "alice"),
        "outsider": ("Olga Buiten", "alice"),
        "anonymous": (None, "alice"),
        "hidden member": ("Hans Verborgen", "alice"),
        "suspended author": ("Sam Geschorst", "sam"),
        "departed author": ("Lea Vertrokken", "lea"),
    }
    return request.param, people, articles, viewers, others


def fresh(user):
    """The viewer as a new request would see them (no memberships cached from the set-up)."""
    if user is None:
        return AnonymousUser()
    user = get_user_model().objects.get(pk=user.pk)
    access.forget_memberships(user)
    return user


@pytest.mark.parametrize("viewer", list(IN_A_LISTED_NETWORK))
def test_the_queryset_and_search_agree_with_the_table(world, viewer):
    kind, people, articles, viewers, _others = world
    name, whose = viewers[viewer]
    user = fresh(people[name] if name else None)
    wanted = expected(TABLES[kind], viewer)

    visible = set(Article.objects.visible_to(user).values_list("pk", flat=True))
    found = {
        hit.object_id
        for hit in search.search(user, WORD, kinds=["article"], limit=search.MAX_LIMIT).hits
    }
    wrong = []
    for cell, article in articles[whose].items():
        if (article.pk in visible) != wanted[cell]:
            wrong.append(f"QuerySet {cell}: {'sees' if article.pk in visible else 'misses'} it")
        if (article.pk in found) != wanted[cell]:
            wrong.append(f"search {cell}: {'finds' if article.pk in found else 'misses'} it")
    assert not wrong, f"{viewer} in a {kind} network: " + "; ".join(wrong)


@pytest.mark.parametrize("viewer", list(IN_A_LISTED_NETWORK))
def test_only_active_authors_may_change_them(world, viewer):
    kind, people, articles, viewers, _others = world
    name, whose = viewers[viewer]
    user = fresh(people[name] if name else None)
    editable = set(Article.objects.editable_by(user).values_list("pk", flat=True))
    if viewer == "author":
        assert editable == {article.pk for article in articles["alice"].values()}
    elif viewer == "co-author":  # Cor, active, co-wrote Sam's and Lea's articles too
        assert editable == {a.pk for written in articles.values() for a in written.values()}
    else:
        assert not editable, viewer


def test_the_table_asks_every_kind_of_viewer(world):
    _kind, _people, _articles, viewers, _others = world
    assert set(viewers) == set(IN_A_LISTED_NETWORK) == set(IN_A_HIDDEN_NETWORK)


MODELS = {"question": Question, "session": Session}


@pytest.mark.parametrize("item_kind", list(MODELS))
@pytest.mark.parametrize("viewer", list(IN_A_LISTED_NETWORK))
def test_questions_and_sessions_follow_the_published_columns(world, viewer, item_kind):
    kind, people, _articles, viewers, others = world
    name, whose = viewers[viewer]
    user = fresh(people[name] if name else None)
    # Cor co-wrote the articles only: for a question or a session he is a member.
    row = "member" if viewer == "co-author" else viewer
    wanted = expected(TABLES[kind], row)

    model = MODELS[item_kind]
    visible = set(model.objects.visible_to(user).values_list("pk", flat=True))
    found = {
        hit.object_id
        for hit in search.search(user, WORD, kinds=[item_kind], limit=search.MAX_LIMIT).hits
    }
    wrong = []
    for visibility, item in others[whose][item_kind].items():
        cell = (visibility, "published")
        if (item.pk in visible) != wanted[cell]:
            wrong.append(f"QuerySet {visibility}: {'sees' if item.pk in visible else 'misses'} it")
        if (item.pk in found) != wanted[cell]:
            wrong.append(f"search {visibility}: {'finds' if item.pk in found else 'misses'} it")
    assert not wrong, f"{viewer}, {item_kind}s in a {kind} network: " + "; ".join(wrong)
