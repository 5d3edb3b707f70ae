"""The demo knowledge that `manage.py seed_demo` adds to the demo networks."""

import io
import re
import shutil
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gilde.accounts.models import Tag, User
from gilde.core import demo as core_demo
from gilde.core import search
from gilde.core.demo import DemoDataError
from gilde.core.models import OutgoingMail
from gilde.core.testing import make_user
from gilde.knowledge import demo_seeder
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
from gilde.networks.management.commands.seed_demo import MEMBERSHIPS, PEOPLE
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
    # The exchange's demo adds a session paid in credits and a question with a reward (and
    # its answer) after the knowledge's seeder ran: the line counts the knowledge's own.
    from gilde.exchange import demo_knowledge

    questions = Question.objects.exclude(title=demo_knowledge.QUESTION_TITLE)
    assert counts == {
        "articles": Article.objects.count(),
        "questions": questions.count(),
        "answers": Answer.objects.filter(question__in=questions).count(),
        "sessions": Session.objects.exclude(title=demo_knowledge.SESSION_TITLE).count(),
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
            assert answer.author_id != question.author_id, answer
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
        members = contributors(session.network)
        for registration in session.registrations.all():
            assert registration.user_id in members, registration
            # Signed up before it started, also for the sessions that are over.
            assert registration.created_at < session.starts_at, registration
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
    monkeypatch.setattr("gilde.core.search.refresh", lambda kind, pk: refreshed.append((kind, pk)))

    output = seed()

    assert row_counts() == before
    assert dict(Session.objects.values_list("pk", "starts_at")) == dates
    assert dates[lecture.pk] == moved
    assert dict(Question.objects.values_list("pk", "accepted_answer")) == accepted
    # (the exchange's listings follow their owners' memberships, which seed_demo saves again)
    assert not [(kind, pk) for kind, pk in refreshed if kind in ("article", "question", "session")]
    assert f"Knowledge: {before['knowledge.Article']} articles" in output


# -- seeded through the services -------------------------------------------------


def test_each_article_got_its_first_revision_from_its_author_dated_when_published(seeded):
    for article in Article.objects.all():
        revision = article.revisions.get()
        assert revision.editor_id == article.author_id, article
        assert revision.note == ""  # the history page names the first version
        assert revision.created_at == (article.published_at or article.created_at), article


def test_the_search_index_has_the_demo_dates_not_the_moment_of_seeding(seeded):
    article = Article.objects.get(
        title="Gefermenteerd, niet gesynthetiseerd: melkzuur uit aardappelstoomschillen"
    )
    hits = search.search(None, "gefermenteerd").hits
    [hit] = [h for h in hits if h.kind == "article" and h.object_id == article.pk]
    assert hit.published_at == article.published_at < timezone.now() - timedelta(days=1)
    past = Session.objects.past().first()
    hits = search.search(past.author, past.title).hits
    [hit] = [h for h in hits if h.kind == "session" and h.object_id == past.pk]
    assert hit.published_at == past.starts_at < timezone.now()


def test_a_private_demo_draft_is_seen_by_its_author_only(seeded, client):
    draft = Article.objects.filter(
        status=Article.Status.DRAFT, visibility=Visibility.PRIVATE
    ).first()
    other = (
        User.objects.filter(pk__in=contributors(draft.network))
        .exclude(pk__in=[draft.author_id, *draft.coauthors.values_list("pk", flat=True)])
        .first()
    )
    page = reverse("knowledge:article", args=[draft.network.slug, draft.pk])
    client.force_login(draft.author)
    assert client.get(page).status_code == 200
    client.force_login(other)
    assert client.get(page).status_code == 404
    word = draft.title.split()[0]
    assert draft.pk in {hit.object_id for hit in search.search(draft.author, word).hits}
    assert draft.pk not in {hit.object_id for hit in search.search(other, word).hits}


def test_seeding_mails_nobody(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        seed()
    assert Registration.objects.exists() and Comment.objects.exists()
    assert callbacks == []
    assert not OutgoingMail.objects.exists()


# -- errors in the data name the file and the entry -------------------------------


@pytest.fixture
def demo_copy(tmp_path, monkeypatch):
    """A copy of the knowledge demo folder that the seeder reads instead of the real one."""
    copy = tmp_path / "demo"
    shutil.copytree(core_demo.folder("knowledge"), copy)
    real = core_demo.folder
    monkeypatch.setattr(
        core_demo, "folder", lambda app: copy if app.endswith("knowledge") else real(app)
    )
    return copy


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")  # the first one


def test_the_knowledge_demo_files_fit_their_schemas():
    for name, schema in demo_seeder.FILES.items():
        assert core_demo.load("knowledge", name, schema), name


def test_a_schema_error_in_a_knowledge_entry_names_the_file_and_the_entry(db, demo_copy):
    title = "Wie heeft ervaring met het drogen van hennepscheven voor bouwblokken?"
    edit(demo_copy / "questions.yaml", "  - author: pieter\n", "  - writer: pieter\n")
    with pytest.raises(DemoDataError) as error:
        seed()
    assert str(error.value) == (
        f"{demo_copy / 'questions.yaml'}, entry 1 ({title}), answers item 2: unknown key writer"
    )
    assert not Question.objects.exists()  # the whole seed is one transaction


def test_a_service_refusal_names_the_entry(db, demo_copy):
    # A guest of the Biocoöperatie as an author there: the service does not let a guest write.
    guest = next(
        email for email, role in MEMBERSHIPS["biocooperatie"] if role == Membership.Role.GUEST
    )
    first = next(p["name"].split()[0].lower() for p in PEOPLE if p["email"] == guest)
    edit(
        demo_copy / "articles.yaml",
        "  author: douwe\n  coauthors: [gerrit]\n",
        f"  author: {first}\n",
    )
    with pytest.raises(DemoDataError) as error:
        seed()
    message = str(error.value)
    assert message.startswith(
        f"{demo_copy / 'articles.yaml'}, entry 1 "
        "(Hennepscheven als bouwmateriaal: lessen uit drie proefwoningen): refused by the service:"
    )
    assert "Biocoöperatie Noord-Nederland" in message


def test_an_unknown_person_names_the_entry(db, demo_copy):
    edit(demo_copy / "comments.yaml", "  author: wouter\n", "  author: wout\n")
    with pytest.raises(
        DemoDataError, match=r"comments\.yaml, entry 6 .*: no demo person is called 'wout'"
    ):
        seed()
