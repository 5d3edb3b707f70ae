"""The demo knowledge that `manage.py seed_demo` adds to the demo networks."""

import io
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from gilde.accounts.models import Tag, User
from gilde.core.testing import make_user
from gilde.knowledge.models import (
    Answer,
    Article,
    ArticleRevision,
    Comment,
    Follow,
    Question,
    Registration,
    Session,
    Visibility,
)
from gilde.networks.models import Membership, Network

ITEMS = [Article, Question, Session]


@pytest.fixture(autouse=True)
def _development(settings):
    settings.DEBUG = True  # seed_demo refuses to run on what looks like production


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return seed()


def contributors(network) -> set[int]:
    """Active members and coordinators of `network`: who may write there."""
    return set(
        Membership.objects.active()
        .filter(network=network)
        .exclude(role=Membership.Role.GUEST)
        .values_list("user_id", flat=True)
    )


def row_counts() -> dict[str, int]:
    models = [
        Article,
        Article.coauthors.through,
        Article.circle.through,
        Article.tags.through,
        ArticleRevision,
        Question,
        Question.circle.through,
        Question.tags.through,
        Answer,
        Answer.useful_by.through,
        Session,
        Session.tags.through,
        Registration,
        Comment,
        Follow,
        Tag,
    ]
    return {model._meta.label: model.objects.count() for model in models}


def test_the_report_line_counts_the_demo_knowledge(seeded):
    line = next(line for line in seeded.splitlines() if line.startswith("Knowledge:"))
    counts = {name: int(number) for number, name in re.findall(r"(\d+) (\w+)", line)}
    assert counts == {
        "articles": Article.objects.count(),
        "questions": Question.objects.count(),
        "answers": Answer.objects.count(),
        "sessions": Session.objects.count(),
    }
    assert Article.objects.count() >= 55
    assert Question.objects.count() >= 20
    for slug in ["biocooperatie", "suspacc", "bernn"]:
        assert Article.objects.filter(network__slug=slug).count() >= 10, slug
        assert Question.objects.filter(network__slug=slug).count() >= 4, slug
        assert Session.objects.filter(network__slug=slug).count() >= 2, slug


def test_every_visibility_level_is_present_and_none_is_public_in_the_hidden_network(seeded):
    published = Article.objects.published()
    assert published.filter(visibility=Visibility.PUBLIC).count() >= 15
    assert published.filter(visibility=Visibility.NETWORK).count() >= 20
    circle = published.filter(visibility=Visibility.CIRCLE)
    assert circle.count() >= 2
    assert all(article.circle.exists() for article in circle)
    drafts = Article.objects.filter(status=Article.Status.DRAFT)
    assert drafts.filter(visibility=Visibility.PRIVATE).count() >= 2
    assert all(article.published_at is None for article in drafts)
    assert all(article.published_at for article in published)
    assert set(Article.objects.values_list("kind", flat=True)) == set(Article.Kind.values)

    kerngroep = Network.objects.get(slug="kerngroep")
    assert kerngroep.visibility == Network.Visibility.HIDDEN
    for model in ITEMS:
        assert not model.objects.filter(network=kerngroep, visibility=Visibility.PUBLIC).exists()
    assert Article.objects.filter(network=kerngroep, visibility=Visibility.NETWORK).count() >= 2


def test_authors_and_circles_are_members_of_the_items_network(seeded):
    members = {network.pk: contributors(network) for network in Network.objects.all()}
    for model in ITEMS:
        for item in model.objects.prefetch_related("circle"):
            allowed = members[item.network_id]
            assert item.author_id in allowed, item
            assert {user.pk for user in item.circle.all()} <= allowed, item
    for article in Article.objects.prefetch_related("coauthors"):
        assert {user.pk for user in article.coauthors.all()} <= members[article.network_id]
    assert Article.coauthors.through.objects.count() >= 10
    for answer in Answer.objects.select_related("question"):
        assert answer.author_id in members[answer.question.network_id], answer
        assert answer.author_id != answer.question.author_id, answer
    for comment in Comment.objects.select_related("article", "session"):
        item = comment.article or comment.session
        assert comment.author_id in members[item.network_id], comment
    for registration in Registration.objects.select_related("session"):
        assert registration.user_id in members[registration.session.network_id], registration


def test_logged_out_visitors_see_public_items_and_members_only_their_networks(seeded):
    public = Article.objects.visible_to(None)
    assert public.count() >= 15
    assert set(public.values_list("visibility", flat=True)) == {Visibility.PUBLIC}
    assert not public.filter(status=Article.Status.DRAFT).exists()
    assert Session.objects.visible_to(None).exists()
    assert Question.objects.visible_to(None).exists()

    outsider = make_user("Buiten Staander")
    for model in ITEMS:
        seen = model.objects.visible_to(outsider)
        assert set(seen.values_list("visibility", flat=True)) == {Visibility.PUBLIC}, model

    # A BERNN member reads BERNN's network articles, not those of the Biocoöperatie.
    bart = User.objects.get(email="bart.oosting@example.nl")
    seen = Article.objects.visible_to(bart).filter(visibility=Visibility.NETWORK)
    assert seen.filter(network__slug="bernn").exists()
    assert not seen.exclude(network__slug="bernn").exists()

    # Circles and drafts stay with their people, also within the network.
    for article in Article.objects.filter(visibility=Visibility.CIRCLE):
        inside = article.circle.first()
        outside = (
            User.objects.filter(pk__in=contributors(article.network))
            .exclude(pk__in=[article.author_id, *article.circle.values_list("pk", flat=True)])
            .first()
        )
        assert Article.objects.visible_to(inside).filter(pk=article.pk).exists()
        assert not Article.objects.visible_to(outside).filter(pk=article.pk).exists()
    for draft in Article.objects.filter(status=Article.Status.DRAFT):
        for owner in [draft.author, *draft.coauthors.all()]:
            assert Article.objects.visible_to(owner).filter(pk=draft.pk).exists()
        coordinator = Membership.objects.coordinators().filter(network=draft.network).first()
        assert not Article.objects.visible_to(coordinator.user).filter(pk=draft.pk).exists()


def test_questions_have_answers_from_others_some_accepted_and_marked_useful(seeded):
    accepted = 0
    for question in Question.objects.prefetch_related("answers__useful_by"):
        answers = list(question.answers.all())
        assert 1 <= len(answers) <= 4, question
        if question.accepted_answer_id:
            accepted += 1
            assert question.accepted_answer_id in {answer.pk for answer in answers}
        for answer in answers:
            assert answer.created_at > question.created_at
            assert answer.author not in answer.useful_by.all()
        assert Follow.objects.filter(user=question.author, question=question).exists()
    assert accepted >= 8
    assert Answer.useful_by.through.objects.count() >= 20
    assert Question.objects.filter(visibility=Visibility.PUBLIC).count() >= 4
    assert Comment.objects.filter(article__isnull=False).count() >= 4


def test_sessions_upcoming_and_past_with_a_paid_training_a_free_lecture_and_a_full_workshop(
    seeded,
):
    training = Session.objects.filter(kind=Session.Kind.TRAINING, price_kind=Session.Price.EUROS)
    assert training.filter(price_cents__gt=0).upcoming().exists()
    assert Session.objects.filter(
        kind=Session.Kind.LECTURE, price_kind=Session.Price.FREE, price_cents=0
    ).exists()
    webinar = Session.objects.filter(kind=Session.Kind.WEBINAR).exclude(online_url="").first()
    assert webinar
    assert re.fullmatch(r"https://[a-z0-9.-]+\.example/.*", webinar.online_url)
    full = [
        session
        for session in Session.objects.upcoming().filter(kind=Session.Kind.WORKSHOP)
        if session.capacity
        and session.registrations.filter(status=Registration.Status.REGISTERED).count()
        == session.capacity
        and session.registrations.filter(status=Registration.Status.WAITLISTED).count() >= 2
    ]
    assert full

    assert Session.objects.upcoming().count() >= 3
    past = Session.objects.past()
    assert past.count() >= 2
    attended = Registration.objects.filter(attended=True)
    assert attended.exists()
    assert not attended.filter(session__in=Session.objects.upcoming()).exists()
    assert past.filter(materials_for_attendees=True).exclude(materials="").exists()
    amsterdam = ZoneInfo("Europe/Amsterdam")
    for session in Session.objects.all():
        registered = session.registrations.filter(status=Registration.Status.REGISTERED)
        assert session.capacity is None or registered.count() <= session.capacity, session
        starts = session.starts_at.astimezone(amsterdam)
        assert (starts.minute, starts.second) == (0, 0), session
        assert starts.weekday() < 5, session
        assert session.ends_at > session.starts_at


def test_articles_are_markdown_with_a_revision_and_only_example_links(seeded):
    long_ones = 0
    for article in Article.objects.all():
        assert article.revisions.count() == 1, article
        assert article.revisions.get().body == article.body
        assert "\n## " in article.body, article
        assert article.summary, article
        words = len(article.body.split())
        assert 80 <= words <= 600, (article, words)
        long_ones += words >= 250
        for host in re.findall(r"\]\(https?://([^/)\s]+)", article.body):
            assert host.endswith(".example"), (article, host)
    assert long_ones >= 4
    bodies = " ".join(Article.objects.values_list("body", flat=True))
    assert "](https://" in bodies
    for word in ["gefermenteerd", "bioplastic", "hennep", "vlas", "PLA", "PHA", "LCA"]:
        assert word in bodies, word
    assert Tag.objects.filter(slug__in=["biopolymeren", "vezelgewassen", "subsidies"]).count() == 3
    assert not Tag.objects.filter(name__iexact="LCA").exists()  # a synonym, not a tag


def test_every_item_goes_into_the_search_index_and_the_demo_searches_work(db, monkeypatch):
    from gilde.core import search

    refreshed = []
    refresh = search.refresh

    def spy(kind, pk):
        refreshed.append((kind, pk))
        refresh(kind, pk)

    monkeypatch.setattr(search, "refresh", spy)
    seed()
    for kind, model in (("article", Article), ("question", Question), ("session", Session)):
        indexed = {pk for k, pk in refreshed if k == kind}
        assert indexed == set(model.objects.values_list("pk", flat=True)), kind

    fermented = {hit.title for hit in search.search(None, "gefermenteerd").hits}
    assert "Gefermenteerd, niet gesynthetiseerd: melkzuur uit aardappelstoomschillen" in fermented
    assert search.search(None, "bioplastic").total >= 2
    anke = User.objects.get(email="anke.dijkstra@example.nl")
    calendar = "Aanvraagkalender: welke regelingen we dit jaar samen oppakken"
    assert calendar in {hit.title for hit in search.search(anke, "aanvraagkalender").hits}
    assert not search.search(None, "aanvraagkalender").total  # the hidden network's


def test_running_it_again_changes_nothing_and_keeps_the_sessions_dates(seeded, monkeypatch):
    lecture = Session.objects.get(title="Lezing: bouwen met hennep en vlas")
    moved = lecture.starts_at - timedelta(days=400)
    Session.objects.filter(pk=lecture.pk).update(
        starts_at=moved, ends_at=moved + timedelta(hours=2)
    )
    before = row_counts()
    dates = dict(Session.objects.values_list("pk", "starts_at"))
    accepted = dict(Question.objects.values_list("pk", "accepted_answer"))
    refreshed = []
    monkeypatch.setattr("gilde.core.search.refresh", lambda kind, pk: refreshed.append(pk))

    output = seed()

    assert row_counts() == before
    assert dict(Session.objects.values_list("pk", "starts_at")) == dates
    assert dates[lecture.pk] == moved
    assert dict(Question.objects.values_list("pk", "accepted_answer")) == accepted
    assert not refreshed
    assert f"Knowledge: {before['knowledge.Article']} articles" in output
