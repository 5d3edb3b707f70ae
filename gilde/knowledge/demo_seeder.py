"""The demo knowledge of gilde/knowledge/demo/, written through gilde.knowledge.services.

Registered in KnowledgeConfig.ready(); `manage.py seed_demo` runs `seed()` inside
its transaction once the people and networks exist. Every demo person acts as
themselves: the author writes, the answerer answers, whoever registers
registers. So the services' rules hold for the demo as for anyone (only active
members write, an answer or a mark needs sight of the question, a full session
puts people on its waiting list), every article gets its first revision and
every item goes into the search index. A refusal is an error naming the YAML
entry. People are named by first name (unique among the demo people).

Natural keys: (network, title) for articles, questions and sessions, (question,
author) for answers, (session, person) for registrations, (item, author, text)
for comments. What exists is left alone, so a second run writes nothing and
keeps the dates of what an earlier run seeded.

Dates are relative to today (whole hours in Europe/Amsterdam), so a fresh demo
always has upcoming and past sessions; nothing is random. The services write as
of now, and rightly refuse to register anyone for a session that is over. The
demo needs a history, so `_backdate` moves what this run created to its demo
dates afterwards: only timestamps, with QuerySet.update, and then refreshes the
search index, which keeps an item's date. A past session is therefore announced
as upcoming, filled and attended, and then moved to its date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from gilde.accounts.models import User
from gilde.core import demo, fragments, search
from gilde.core.demo import Entry, Field, refused
from gilde.knowledge import services
from gilde.knowledge.models import (
    Answer,
    Article,
    ArticleRevision,
    Comment,
    Question,
    Registration,
    Session,
    Visibility,
)
from gilde.networks.management.commands.seed_demo import MEMBERSHIPS, PEOPLE
from gilde.networks.models import Network

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NETWORKS = tuple(MEMBERSHIPS)
VISIBILITIES = tuple(Visibility.values)
NAMES = Field(list, required=False, default=list, items=str)

ARTICLE = {
    "network": Field(choices=NETWORKS),
    "title": Field(),
    "kind": Field(choices=tuple(Article.Kind.values)),
    "author": Field(),
    "coauthors": NAMES,
    "visibility": Field(choices=VISIBILITIES),
    "circle": NAMES,
    "draft": Field(bool, required=False, default=False),
    "tags": Field(list, items=str),
    "summary": Field(),
    "body": Field(markdown=True),
}
ANSWER = {
    "author": Field(),
    "accepted": Field(bool, required=False, default=False),
    "useful": NAMES,
    "body": Field(markdown=True),
}
QUESTION = {
    "network": Field(choices=NETWORKS),
    "title": Field(),
    "author": Field(),
    "visibility": Field(choices=VISIBILITIES),
    "circle": NAMES,
    "tags": Field(list, items=str),
    "body": Field(markdown=True),
    "answers": Field(list, items=ANSWER),
}
SESSION = {
    "network": Field(choices=NETWORKS),
    "kind": Field(choices=tuple(Session.Kind.values)),
    "title": Field(),
    "author": Field(),
    "visibility": Field(choices=VISIBILITIES),
    "tags": Field(list, items=str),
    "day": Field(int),
    "hour": Field(int),
    "hours": Field(int),
    "location": Field(required=False, default=""),
    "online_url": Field(required=False, default=""),
    "capacity": Field(int, required=False),
    "price_cents": Field(int, required=False, default=0),
    "registered": NAMES,
    "waitlisted": NAMES,
    "attended": NAMES,
    "description": Field(markdown=True),
    "materials": Field(required=False, default="", markdown=True),
    "materials_for_attendees": Field(bool, required=False, default=False),
}
COMMENT = {
    "network": Field(choices=NETWORKS),
    "item": Field(),
    "author": Field(),
    "body": Field(markdown=True),
}
FOLLOWER = {"network": Field(choices=NETWORKS), "article": Field(), "person": Field()}
FILES = {
    "articles.yaml": ARTICLE,
    "questions.yaml": QUESTION,
    "sessions.yaml": SESSION,
    "comments.yaml": COMMENT,
    "followers.yaml": FOLLOWER,
}

# People by lower-case first name.
EMAILS = {person["name"].split()[0].lower(): person["email"] for person in PEOPLE}


def at(today: date, days: int, hour: int, *, weekday: bool = False) -> datetime:
    """A whole hour, Amsterdam time, `days` after `today`.

    With `weekday`, a Saturday or Sunday moves away from today to a working day,
    so an upcoming session stays upcoming and a past one past.
    """
    day = today + timedelta(days=days)
    while weekday and day.weekday() >= 5:
        day += timedelta(days=-1 if days < 0 else 1)
    return datetime.combine(day, time(hour), tzinfo=AMSTERDAM)


@dataclass
class Run:
    """What one seeding run needs and what it created (to backdate and index)."""

    now: datetime
    networks: dict[str, Network]
    users: dict[str, User]
    articles: dict[tuple[str, str], Article] = field(default_factory=dict)
    questions: dict[tuple[str, str], Question] = field(default_factory=dict)
    sessions: dict[tuple[str, str], Session] = field(default_factory=dict)
    # model -> pk -> {field: demo date} for the rows this run created
    dates: dict[type, dict[int, dict[str, datetime]]] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return timezone.localdate(self.now, AMSTERDAM)

    def person(self, entry: Entry, name: str) -> User:
        email = EMAILS.get(name)
        if email is None or email not in self.users:
            raise entry.error(f"no demo person is called {name!r}")
        return self.users[email]

    def people(self, entry: Entry, names: list[str]) -> list[User]:
        return [self.person(entry, name) for name in names]

    def date(self, row, **fields: datetime) -> None:
        self.dates.setdefault(type(row), {}).setdefault(row.pk, {}).update(fields)


def _check_visibility(entry: Entry, network: Network) -> None:
    """What the services allow but the demo should never show."""
    if entry["visibility"] == Visibility.PUBLIC and network.visibility == Network.Visibility.HIDDEN:
        raise entry.error(f"public in the hidden network {network.slug}")
    if entry.get("circle") and entry["visibility"] != Visibility.CIRCLE:
        raise entry.error("a circle is only for visibility circle")


def seed() -> str:
    """Seed the demo knowledge; returns a line for seed_demo's report."""
    now = timezone.now()
    run = Run(
        now=now,
        networks={n.slug: n for n in Network.objects.filter(slug__in=NETWORKS)},
        users={u.email: u for u in User.objects.filter(email__in=EMAILS.values())},
    )
    # The demo is Dutch, and so is what the services write in the active language.
    with translation.override("nl"):
        _seed_articles(run)
        _seed_questions(run)
        _seed_sessions(run)
        _seed_comments(run)
        _seed_followers(run)
    _backdate(run)
    answers = Answer.objects.filter(question__in=list(run.questions.values())).count()
    return (
        f"Knowledge: {len(run.articles)} articles, {len(run.questions)} questions, "
        f"{answers} answers, {len(run.sessions)} sessions."
    )


def _seed_articles(run: Run) -> None:
    """Articles, spread over the past year and a bit, newest first in each network."""
    positions: dict[str, int] = {}
    for entry in demo.load("knowledge", "articles.yaml", ARTICLE, key="title"):
        slug = entry["network"]
        network = run.networks[slug]
        position = positions[slug] = positions.get(slug, -1) + 1
        article = Article.objects.filter(network=network, title=entry["title"]).first()
        if article is None:
            _check_visibility(entry, network)
            author = run.person(entry, entry["author"])
            with refused(entry):
                article = services.create_article(
                    network,
                    by=author,
                    title=entry["title"],
                    # A Markdown file ends with a newline; the article's text does not.
                    body=entry["body"].removesuffix("\n"),
                    summary=entry["summary"],
                    kind=entry["kind"],
                    visibility=entry["visibility"],
                    tags=entry["tags"],
                    circle=[user.pk for user in run.people(entry, entry["circle"])],
                    coauthors=[user.pk for user in run.people(entry, entry["coauthors"])],
                    publish=not entry["draft"],
                )
            if entry["draft"]:
                run.date(article, created_at=at(run.today, -(2 + position % 10), 10 + position % 6))
            else:
                published_at = at(run.today, -(2 + position * 29 % 420), 8 + position % 9)
                run.date(
                    article, published_at=published_at, created_at=published_at - timedelta(days=3)
                )
        run.articles[slug, article.title] = article


def _seed_questions(run: Run) -> None:
    """Questions with their answers: each answerer answers, the asker accepts, readers mark."""
    for index, entry in enumerate(demo.load("knowledge", "questions.yaml", QUESTION, key="title")):
        slug = entry["network"]
        network = run.networks[slug]
        question = Question.objects.filter(network=network, title=entry["title"]).first()
        if question is None:
            _check_visibility(entry, network)
            with refused(entry):
                question = services.ask_question(
                    network,
                    by=run.person(entry, entry["author"]),
                    title=entry["title"],
                    body=entry["body"],
                    visibility=entry["visibility"],
                    tags=entry["tags"],
                    circle=[user.pk for user in run.people(entry, entry["circle"])],
                )
            run.date(question, created_at=at(run.today, -(2 + index * 17 % 200), 9 + index % 8))
        run.questions[slug, question.title] = question
        asked = run.dates.get(Question, {}).get(question.pk, {}).get("created_at")
        asked = asked or question.created_at
        for position, spec in enumerate(entry["answers"]):
            answerer = run.person(spec, spec["author"])
            if answerer.pk == question.author_id:
                raise spec.error("the asker answers their own question")
            if Answer.objects.filter(question=question, author=answerer).exists():
                continue
            with refused(spec):
                answer = services.answer_question(question, by=answerer, body=spec["body"])
                for reader in run.people(spec, spec["useful"]):
                    services.mark_useful(answer, by=reader)
                if spec["accepted"] and question.accepted_answer_id is None:
                    question = services.accept_answer(answer, by=question.author)
            # Within 30 hours; questions are at least two days old.
            run.date(answer, created_at=asked + timedelta(hours=3 + 9 * position))


def _seed_sessions(run: Run) -> None:
    """Sessions with their registrations (the service keeps the waiting list) and attendance."""
    for entry in demo.load("knowledge", "sessions.yaml", SESSION, key="title"):
        slug = entry["network"]
        network = run.networks[slug]
        session = Session.objects.filter(network=network, title=entry["title"]).first()
        created = session is None
        if session is None:
            session = _create_session(run, entry, network)
        run.sessions[slug, session.title] = session
        if not created:
            continue  # its registrations were seeded with it; the session may be over by now
        signed_up = at(run.today, min(entry["day"], 0) - 14, 9)
        people = [*entry["registered"], *entry["waitlisted"]]
        for position, name in enumerate(people):
            user = run.person(entry, name)
            if user.pk == session.author_id:
                raise entry.error("the organiser registers for their own session")
            with refused(entry):
                registration = services.register(session, by=user)
            expected = (
                Registration.Status.WAITLISTED
                if position >= len(entry["registered"])
                else Registration.Status.REGISTERED
            )
            if registration.status != expected:
                raise entry.error(f"{name} would be {registration.status}, not {expected}")
            run.date(registration, created_at=signed_up + timedelta(hours=position))
        if entry["attended"]:
            if entry["day"] >= 0:
                raise entry.error("attendance for a session that is still to come")
            attendees = run.people(entry, entry["attended"])
            with refused(entry):
                ticked = services.record_attendance(
                    session, by=session.author, user_ids=[user.pk for user in attendees]
                )
            if ticked != len(attendees):
                raise entry.error("only registered people can have attended")


def _create_session(run: Run, entry: Entry, network: Network) -> Session:
    _check_visibility(entry, network)
    starts_at = at(run.today, entry["day"], entry["hour"], weekday=True)
    ends_at = starts_at + timedelta(hours=entry["hours"])
    # Announced as upcoming, so people can register; _backdate moves a past one to its date.
    announced = starts_at if starts_at > run.now else run.now + timedelta(days=1)
    with refused(entry):
        session = services.create_session(
            network,
            by=run.person(entry, entry["author"]),
            tags=entry["tags"],
            kind=entry["kind"],
            title=entry["title"],
            description=entry["description"],
            starts_at=announced,
            ends_at=announced + (ends_at - starts_at),
            location=entry["location"],
            online_url=entry["online_url"],
            capacity=entry["capacity"],
            price_kind=Session.Price.EUROS if entry["price_cents"] else Session.Price.FREE,
            price_cents=entry["price_cents"],
            materials=entry["materials"],
            materials_for_attendees=entry["materials_for_attendees"],
            visibility=entry["visibility"],
        )
    run.date(
        session,
        starts_at=starts_at,
        ends_at=ends_at,
        created_at=at(run.today, min(entry["day"], 0) - 30, 9),
    )
    return session


def _seed_comments(run: Run) -> None:
    """Comments on articles and sessions, a day or so after the article or session."""
    for position, entry in enumerate(demo.load("knowledge", "comments.yaml", COMMENT, key="item")):
        key = (entry["network"], entry["item"])
        item = run.articles.get(key) or run.sessions.get(key)
        if item is None:
            raise entry.error(f"no demo article or session is called {entry['item']!r}")
        author = run.person(entry, entry["author"])
        kind = str(type(item)._meta.model_name)
        if Comment.objects.filter(author=author, body=entry["body"], **{kind: item}).exists():
            continue
        with refused(entry):
            comment = services.add_comment(item, by=author, body=entry["body"])
        dates = run.dates.get(type(item), {}).get(item.pk, {})
        if isinstance(item, Article):
            after = dates.get("published_at", item.published_at)
        else:
            after = dates.get("ends_at", item.ends_at)
        # A demo item that has comments is published (articles) or has its dates (sessions).
        run.date(comment, created_at=min(after + timedelta(days=1, hours=position), run.now))  # type: ignore[operator, arg-type]


def _seed_followers(run: Run) -> None:
    for entry in demo.load("knowledge", "followers.yaml", FOLLOWER, key="article"):
        article = run.articles.get((entry["network"], entry["article"]))
        if article is None:
            raise entry.error(f"no demo article is called {entry['article']!r}")
        with refused(entry):
            services.follow(article, by=run.person(entry, entry["person"]))


def _backdate(run: Run) -> None:
    """Move what this run created to its demo dates, then index it as of those dates.

    The services stamp every write with now (see the module's docstring); only
    timestamps change here. An article's first revision is dated when it was
    published (a draft's when it was written). The index keeps each item's date,
    so the kinds that got new items are indexed again, in batches (one refresh per
    item would cost a second on its own).
    """
    for model, rows in run.dates.items():
        for pk, fields in rows.items():
            model.objects.filter(pk=pk).update(**fields)  # type: ignore[attr-defined]  # the keys are models
    for pk, fields in run.dates.get(Article, {}).items():
        written = fields.get("published_at") or fields["created_at"]
        ArticleRevision.objects.filter(article_id=pk).update(created_at=written)
    fragments.bump_all()  # the dates above changed without a signal
    for model, kind in ((Article, "article"), (Question, "question"), (Session, "session")):
        if run.dates.get(model):
            search.reindex(kind)
