"""The demo meetings that `manage.py seed_demo` adds (gilde/meetings/demo_seeder.py).

One test runs the real command, twice; the others seed the demo people and networks as
the command does and then run the meetings' own seeder, which is what they are about.
"""

import io
import shutil
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gilde.accounts.models import User
from gilde.core import demo as core_demo
from gilde.core import search
from gilde.core.demo import DemoDataError
from gilde.core.models import OutgoingMail
from gilde.core.testing import make_user
from gilde.meetings import demo_seeder, services
from gilde.meetings.models import (
    Action,
    ActionComment,
    AgendaItem,
    Decision,
    Idea,
    Meeting,
    MinutesRevision,
    Rsvp,
    Series,
)
from gilde.networks.management.commands import seed_demo as command

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NETWORKS = ["biocooperatie", "suspacc", "bernn"]
MODELS = [
    Series,
    Meeting,
    Meeting.organisers.through,
    Meeting.invited.through,
    AgendaItem,
    MinutesRevision,
    Rsvp,
    Decision,
    Idea,
    Idea.supporters.through,
    Action,
    ActionComment,
]


@pytest.fixture(autouse=True)
def _development(settings):
    settings.DEBUG = True  # seed_demo refuses to run on what looks like production


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}


@pytest.fixture
def people(db):
    """The demo people and networks, seeded as seed_demo does before the apps' seeders."""
    with transaction.atomic(), core_demo.without_mail():
        tags = command.seed_tags()
        organisations = command.seed_organisations()
        people = command.seed_people(organisations, tags, make_password("demo"))
        networks = command.seed_networks()
        command.seed_memberships(networks, people)
    return people


def seed_meetings() -> str:
    with transaction.atomic(), core_demo.without_mail():
        return demo_seeder.seed()


@pytest.fixture
def seeded(people) -> str:
    return seed_meetings()


def person(first: str) -> User:
    return User.objects.get(email=demo_seeder.EMAILS[first])


def test_seed_demo_reports_the_meetings_and_a_second_run_writes_nothing(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Meetings: 8 meetings (5 held, 3 to come), 24 actions, 10 decisions, 6 ideas." in (
        out.getvalue()
    )
    before = row_counts()
    dates = dict(Meeting.objects.values_list("pk", "starts_at"))
    done = dict(Action.objects.values_list("pk", "done_on"))

    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    assert "Meetings: 0 meetings (0 held, 0 to come), 0 actions, 0 decisions, 0 ideas." in (
        out.getvalue()
    )
    assert row_counts() == before
    assert dict(Meeting.objects.values_list("pk", "starts_at")) == dates
    assert dict(Action.objects.values_list("pk", "done_on")) == done


def test_each_network_has_meetings_held_with_minutes_and_meetings_to_come_with_answers(seeded):
    for slug in NETWORKS:
        past = Meeting.objects.filter(network__slug=slug).past()
        upcoming = Meeting.objects.filter(network__slug=slug).upcoming()
        assert past.exists() and upcoming.exists(), slug
        for meeting in past:
            assert meeting.closed_at and meeting.minutes_final_at, meeting
            assert meeting.ends_at < meeting.closed_at <= timezone.now()
            assert meeting.rsvps.filter(attended=True).count() >= 5
            assert meeting.decisions.exists() and meeting.actions.exists()
            minutes = "\n".join(meeting.items.values_list("minutes", flat=True))
            for keyword in ("ACTIE", "BESLUIT", "IDEE"):
                assert keyword in minutes, (meeting, keyword)
            # Answered beforehand, and the minutes typed up after the meeting.
            for rsvp in meeting.rsvps.exclude(answer=""):
                assert rsvp.answered_at < meeting.starts_at
            for revision in MinutesRevision.objects.filter(item__meeting=meeting):
                assert meeting.starts_at < revision.created_at <= meeting.closed_at
                assert revision.author_id == meeting.note_taker_id
        for meeting in upcoming:
            assert not meeting.closed_at and not meeting.decisions.exists()
            answers = set(meeting.rsvps.values_list("answer", flat=True))
            assert answers == {Meeting.Rsvp.YES, Meeting.Rsvp.MAYBE, Meeting.Rsvp.NO}, meeting
            assert meeting.items.first().kind == AgendaItem.Kind.OPEN_ACTIONS
    pilot = Meeting.objects.get(network__slug="suspacc", title__startswith="Pilotinstallatie: in")
    assert "pilotinstallatie" in pilot.decisions.first().text.lower()
    grant = Meeting.objects.filter(network__slug="bernn", title__icontains="subsidieaanvraag")
    assert grant.past().exists() and grant.upcoming().exists()
    assert grant.filter(visibility=Meeting.Visibility.CIRCLE).upcoming().exists()


def test_the_ledenavond_is_a_monthly_series_on_the_first_tuesday(seeded):
    series = Series.objects.get(network__slug="biocooperatie")
    assert (series.frequency, series.week_of_month) == (Series.Frequency.MONTHLY, 1)
    meetings = list(series.meetings.order_by("starts_at"))
    assert len(meetings) == 4
    for meeting in meetings:
        starts = meeting.starts_at.astimezone(AMSTERDAM)
        assert (starts.weekday(), starts.day <= 7, starts.hour, starts.minute) == (1, True, 19, 30)
    *held, upcoming = meetings
    assert all(m.closed_at for m in held) and upcoming.starts_at > timezone.now()
    assert held[-1].starts_at <= timezone.now()
    # The next one was planned from the last: the open actions first, the standing items kept.
    items = list(upcoming.items.order_by("position"))
    assert items[0].kind == AgendaItem.Kind.OPEN_ACTIONS
    assert [i.title for i in items[1:] if i.standing] == ["Rondje langs de leden", "Rondvraag"]
    assert items[-1].title == "Rondvraag"
    still_open = services.open_actions_for(upcoming)
    assert still_open.count() == 5
    assert {a.meeting_id for a in still_open} == {m.pk for m in held}


def test_the_biocooperatie_has_a_dozen_actions_done_on_time_late_overdue_open_and_dropped(
    seeded,
):
    today = timezone.localdate()
    actions = Action.objects.filter(network__slug="biocooperatie")
    assert actions.count() == 14
    done = actions.filter(status=Action.Status.DONE)
    on_time = [a for a in done if a.done_on <= a.due_on]
    late = [a for a in done if a.done_on > a.due_on]
    assert (len(on_time), len(late)) == (6, 2)
    assert actions.overdue(today).count() == 2
    assert actions.open().filter(due_on__gte=today).count() == 3
    assert actions.open().filter(status=Action.Status.IN_PROGRESS).exists()
    [dropped] = actions.filter(status=Action.Status.DROPPED)
    assert dropped.drop_reason and dropped.done_on is None
    for action in actions:
        assert action.due_on is not None, action
        assert action.due_on >= action.created_at.astimezone(AMSTERDAM).date(), action
        if action.done_on:
            assert action.created_at.astimezone(AMSTERDAM).date() < action.done_on <= today
        if action.meeting_id:
            assert action.source_line in action.item.minutes
            assert action.due_on >= action.meeting.local_date
    assert ActionComment.objects.filter(action__network__slug="biocooperatie").count() >= 3
    # The other networks have their follow-through to show too.
    for slug in ["suspacc", "bernn"]:
        others = Action.objects.filter(network__slug=slug)
        rate = services.follow_through(others, today - timedelta(days=60), today)
        assert rate.due >= 3 and 0 < rate.on_time < rate.due, slug
        assert others.overdue(today).exists(), slug


def test_ideas_have_supporters_and_one_became_an_action(seeded):
    ideas = Idea.objects.filter(network__slug="biocooperatie").with_support()
    assert ideas.count() == 4
    assert all(idea.support_count >= 2 for idea in ideas)
    assert all(idea.raised_by not in idea.supporters.all() for idea in ideas)
    [taken] = Idea.objects.filter(status=Idea.Status.TAKEN_UP)
    [action] = taken.actions.all()
    assert action.title == taken.title and action.owner == taken.raised_by
    assert action.status == Action.Status.DONE and action.done_on <= action.due_on
    assert action.created_at > taken.created_at
    assert Idea.objects.filter(network__slug="suspacc").exists()
    assert Idea.objects.filter(network__slug="bernn").exists()


def test_the_decisions_are_in_the_search_index_at_their_meetings_date(seeded):
    anke = person("anke")
    hits = [h for h in search.search(anke, "digestaat").hits if h.kind == "decision"]
    [hit] = hits
    decision = Decision.objects.get(pk=hit.object_id)
    assert "digestaat" in decision.text
    assert hit.published_at == decision.meeting.starts_at < timezone.now()
    assert not search.search(make_user("Buiten Staander"), "digestaat").total
    assert not search.search(None, "digestaat").total
    bart = person("bart")
    assert any(h.kind == "decision" for h in search.search(bart, "penvoerder").hits)


def test_the_demo_meeting_pages_show(seeded, client):
    client.force_login(person("anke"))
    for meeting in Meeting.objects.filter(network__slug="biocooperatie"):
        response = client.get(reverse("meetings:meeting", args=["biocooperatie", meeting.pk]))
        assert response.status_code == 200, meeting
    assert "warmtelevering" in response.content.decode()  # an open action on the next agenda
    client.force_login(person("femke"))
    circle = Meeting.objects.get(network__slug="bernn", visibility=Meeting.Visibility.CIRCLE)
    assert client.get(reverse("meetings:meeting", args=["bernn", circle.pk])).status_code == 200


def test_seeding_mails_nobody(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        seed_meetings()
    assert Meeting.objects.exists() and callbacks == []
    assert not OutgoingMail.objects.exists()


@pytest.mark.parametrize(
    "moment",
    [
        # A first Tuesday before, during and after the ledenavond, and the day after.
        datetime(2027, 3, 2, 18, 0),
        datetime(2027, 3, 2, 20, 0),
        datetime(2027, 3, 2, 23, 30),
        datetime(2027, 3, 3, 8, 0),
        datetime(2027, 3, 31, 12, 0),
    ],
    ids=["before", "during", "after", "next-morning", "month-end"],
)
def test_the_demo_seeds_whatever_the_day(people, monkeypatch, moment):
    now = moment.replace(tzinfo=AMSTERDAM)
    monkeypatch.setattr(timezone, "now", lambda: now)
    seed_meetings()
    assert Meeting.objects.filter(closed_at__isnull=False).count() == 5
    assert Meeting.objects.filter(starts_at__gt=now).count() == 3
    today = now.date()
    actions = Action.objects.filter(network__slug="biocooperatie")
    assert actions.overdue(today).count() == 2
    assert actions.open().filter(due_on__gte=today).count() == 3


# -- errors in the data name the file and the entry -------------------------------


@pytest.fixture
def demo_copy(tmp_path, monkeypatch):
    """A copy of the meetings' demo folder that the seeder reads instead of the real one."""
    copy = tmp_path / "demo"
    shutil.copytree(core_demo.folder("meetings"), copy)
    real = core_demo.folder
    monkeypatch.setattr(
        core_demo, "folder", lambda app: copy if app.endswith("meetings") else real(app)
    )
    return copy


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_meetings_demo_files_fit_their_schemas():
    for name, schema in demo_seeder.FILES.items():
        assert core_demo.load("meetings", name, schema), name


def test_an_unknown_key_names_the_file_and_the_entry(people, demo_copy):
    edit(demo_copy / "meetings.yaml", "  note_taker: lotte\n", "  notulist: lotte\n")
    with pytest.raises(DemoDataError) as error:
        seed_meetings()
    assert str(error.value) == (
        f"{demo_copy / 'meetings.yaml'}, entry 3 "
        "(Gezamenlijke subsidieaanvraag: schrijfsessie deelprojecten): unknown key notulist"
    )
    assert not Meeting.objects.exists()  # the whole seed is one transaction


def test_minutes_the_service_refuses_name_the_entry(people, demo_copy):
    # An action for someone who is not in SUSPACC: closing the meeting is refused.
    edit(demo_copy / "minutes" / "pilotinstallatie.md", "ACTIE @Sander:", "ACTIE @Piet:")
    with pytest.raises(DemoDataError) as error:
        seed_meetings()
    message = str(error.value)
    assert message.startswith(
        f"{demo_copy / 'meetings.yaml'}, entry 1 (Pilotinstallatie: ingebruikname en planning): "
        "refused by the service:"
    )
    assert "@Piet" in message
    assert not Meeting.objects.exists()


def test_a_follow_up_of_an_action_that_is_not_in_the_minutes_names_the_entry(people, demo_copy):
    edit(
        demo_copy / "series.yaml",
        "  - {action: een analyse van het digestaat",
        "  - {action: een analyse van het slib",
    )
    with pytest.raises(DemoDataError, match=r"series\.yaml, entry 1 .*, actions item 3: no action"):
        seed_meetings()
