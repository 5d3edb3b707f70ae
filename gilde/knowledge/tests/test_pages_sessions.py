"""Sessions through the pages: Anke organises, Bert and Ria register, the list waits its turn."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from gilde.core.testing import make_membership, make_user
from gilde.knowledge import services
from gilde.knowledge.models import Registration, Session


def url(name, network, *args):
    return reverse(f"knowledge:{name}", args=[network.slug, *args])


def said(text: str, **values) -> str:
    """`text` as the (Dutch) page shows it, whether or not it is translated yet."""
    with translation.override("nl"):
        translated = translation.gettext(text)
    return escape(translated % values if values else translated)


def soon(hours=24):
    return timezone.now() + timedelta(hours=hours)


@pytest.fixture
def ria(network):
    user = make_user("Ria Veenstra", email="ria@example.test")
    make_membership(user, network)
    return user


@pytest.fixture
def workshop(network, anke):
    return services.create_session(
        network, by=anke, title="Workshop biocomposieten", description="Zelf aan de slag.",
        kind="workshop", starts_at=soon(), ends_at=soon(27), capacity=1, location="Emmen",
    )  # fmt: skip


def session_data(**fields):
    return {
        "kind": "training",
        "title": "Training LCA",
        "description": "Levenscyclusanalyse voor beginners.",
        "starts_at": "2031-03-04T14:00",
        "ends_at": "2031-03-04T17:00",
        "location": "Zernike Campus",
        "online_url": "",
        "capacity": "12",
        "price_kind": "euros",
        "price_euros": "45,00",
        "price_credits_amount": "",
        "materials": "",
        "visibility": "network",
        "tags_text": "LCA",
        **fields,
    }


def test_organising_a_paid_session_in_dutch_time(client_for, network, anke, bert):
    response = client_for(anke).post(url("session_new", network), session_data())
    session = Session.objects.get()
    assert response["Location"] == url("session", network, session.pk)
    assert session.price_kind == "euros" and session.price_cents == 4500
    assert session.starts_at.astimezone(timezone.get_fixed_timezone(0)).hour == 13  # CET = UTC+1
    page = client_for(bert).get(url("session", network, session.pk)).content.decode()
    assert "€\xa045,00" in page
    assert "12" in page and "14:00" in page


def test_a_session_in_credits(client_for, network, anke, bert):
    """The price is typed and shown in the network's unit (uur, counted in minutes)."""
    client_for(anke).post(
        url("session_new", network),
        session_data(price_kind="credits", price_euros="", price_credits_amount="1,5"),
    )
    session = Session.objects.get()
    assert (session.price_kind, session.price_cents, session.price_credits) == ("credits", 0, 90)
    client = client_for(bert)
    assert "1 uur 30 min" in client.get(url("session", network, session.pk)).content.decode()
    assert "1 uur 30 min" in client.get(url("sessions", network)).content.decode()


def test_a_free_session_ignores_a_stray_price(client_for, network, anke, bert):
    client_for(anke).post(url("session_new", network), session_data(price_kind="free"))
    session = Session.objects.get()
    assert (session.price_cents, session.price_credits) == (0, 0)


def test_bad_input_gives_a_message_and_saves_nothing(client_for, network, anke):
    client = client_for(anke)
    response = client.post(url("session_new", network), session_data(ends_at="2031-03-04T13:00"))
    assert said("A session ends after it starts.") in response.content.decode()
    response = client.post(url("session_new", network), session_data(price_euros=""))
    assert said("Enter the price in euros.") in response.content.decode()
    assert not Session.objects.exists()


def test_registering_twice_gives_a_message(client_for, network, bert, workshop):
    client = client_for(bert)
    client.post(url("session_register", network, workshop.pk))
    response = client.post(url("session_register", network, workshop.pk), follow=True)
    assert said("You are already registered for this session.") in response.content.decode()
    assert Registration.objects.filter(user=bert).count() == 1


def test_a_full_session_puts_you_on_the_waiting_list_which_moves_up_when_someone_cancels(
    client_for, network, bert, ria, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    client_for(bert).post(url("session_register", network, workshop.pk))
    response = client_for(ria).post(url("session_register", network, workshop.pk), follow=True)
    content = response.content.decode()
    assert "1" in content and Registration.objects.get(user=ria).status == "waitlisted"
    assert (
        said(
            "This session is full. You are number %(position)s on the waiting list; "
            "you will get an e-mail when a place becomes free.",
            position=1,
        )
        in content
    )

    with django_capture_on_commit_callbacks(execute=True):
        client_for(bert).post(url("session_cancel", network, workshop.pk), {"confirm": "yes"})
    assert Registration.objects.get(user=ria).status == "registered"
    assert Registration.objects.get(user=bert).status == "cancelled"
    assert mailoutbox[-1].to == [ria.email]


def test_the_organiser_records_attendance_and_only_attendees_see_the_materials(
    client_for, network, anke, bert, ria, workshop
):
    services.update_session(
        workshop, by=anke, capacity=5, materials="Dia's: **vezels**", materials_for_attendees=True
    )
    for person in (bert, ria):
        client_for(person).post(url("session_register", network, workshop.pk))
    assert (
        "Dia&#x27;s"
        not in client_for(bert).get(url("session", network, workshop.pk)).content.decode()
    )

    organiser_page = client_for(anke).get(url("session", network, workshop.pk)).content.decode()
    assert "Bert Kuipers" in organiser_page and "Ria Veenstra" in organiser_page
    assert (
        "Bert Kuipers"
        not in client_for(ria).get(url("session", network, workshop.pk)).content.decode()
    )

    client_for(anke).post(url("session_attendance", network, workshop.pk), {"attended": [bert.pk]})
    assert Registration.objects.get(user=bert).attended
    assert not Registration.objects.get(user=ria).attended
    assert (
        "<strong>vezels</strong>"
        in client_for(bert).get(url("session", network, workshop.pk)).content.decode()
    )
    assert (
        "<strong>vezels</strong>"
        not in client_for(ria).get(url("session", network, workshop.pk)).content.decode()
    )


def test_only_the_organiser_records_attendance(client_for, network, bert, ria, workshop):
    client_for(bert).post(url("session_register", network, workshop.pk))
    response = client_for(ria).post(
        url("session_attendance", network, workshop.pk), {"attended": [bert.pk]}, follow=True
    )
    assert said("Only the organiser can record attendance.") in response.content.decode()
    assert not Registration.objects.get(user=bert).attended


def test_editing_someone_elses_session_is_404(client_for, network, bert, workshop):
    assert client_for(bert).get(url("session_edit", network, workshop.pk)).status_code == 404
    response = client_for(bert).post(url("session_edit", network, workshop.pk), session_data())
    assert response.status_code == 404
    workshop.refresh_from_db()
    assert workshop.title == "Workshop biocomposieten"


def test_fewer_places_than_registrations_is_refused_on_the_form(
    client_for, network, anke, bert, workshop
):
    client_for(bert).post(url("session_register", network, workshop.pk))
    response = client_for(anke).post(
        url("session_edit", network, workshop.pk),
        session_data(title="Workshop", capacity="0", price_kind="free"),
    )
    assert response.status_code == 200
    workshop.refresh_from_db()
    assert workshop.capacity == 1 and workshop.title == "Workshop biocomposieten"


def test_the_edit_form_shows_times_in_dutch_time(client_for, network, anke):
    session = services.create_session(
        network, by=anke, title="Lezing", description="x",
        starts_at=timezone.datetime(2031, 7, 1, 12, 0, tzinfo=timezone.get_fixed_timezone(0)),
        ends_at=timezone.datetime(2031, 7, 1, 13, 0, tzinfo=timezone.get_fixed_timezone(0)),
    )  # fmt: skip
    page = client_for(anke).get(url("session_edit", network, session.pk)).content.decode()
    assert 'value="2031-07-01T14:00"' in page  # CEST = UTC+2


def test_outsiders_get_404_and_anonymous_visitors_of_a_public_session_are_asked_to_log_in(
    client, client_for, network, anke, otto, workshop
):
    assert client_for(otto).get(url("session", network, workshop.pk)).status_code == 404
    assert client_for(otto).post(url("session_register", network, workshop.pk)).status_code == 404
    public = services.create_session(
        network, by=anke, title="Open lezing", description="Voor iedereen.", starts_at=soon(),
        ends_at=soon(26), visibility="public",
    )  # fmt: skip
    assert client.get(url("session", network, public.pk)).status_code == 200
    response = client.post(url("session_register", network, public.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()


def test_a_guest_registers_for_a_public_session(client_for, network, anke, gea):
    public = services.create_session(
        network, by=anke, title="Open lezing", description="x", starts_at=soon(), ends_at=soon(26),
        visibility="public",
    )  # fmt: skip
    client_for(gea).post(url("session_register", network, public.pk))
    assert Registration.objects.get(user=gea).status == "registered"


def test_the_list_shows_upcoming_and_past_sessions_with_your_status(
    client_for, network, anke, bert, workshop
):
    past = Session.objects.create(
        network=network, author=anke, title="Vorig jaar", description="x",
        starts_at=soon(-400), ends_at=soon(-398),
    )  # fmt: skip
    services.register(workshop, by=bert)
    client = client_for(bert)
    upcoming = client.get(url("sessions", network)).content.decode()
    assert "Workshop biocomposieten" in upcoming and past.title not in upcoming
    assert said("You are registered") in upcoming
    assert "?token=" not in upcoming  # the signed links are gone: /me/calendar/ instead
    assert reverse("my_calendar") in upcoming
    history = client.get(url("sessions", network), {"when": "past"}).content.decode()
    assert past.title in history and "Workshop biocomposieten" not in history


def test_a_session_in_the_past_asks_to_tick_a_box_first(client_for, network, anke):
    client = client_for(anke)
    past = session_data(starts_at="2020-03-04T14:00", ends_at="2020-03-04T17:00")
    response = client.post(url("session_new", network), past)
    page = response.content.decode()
    assert (
        said("This date is in the past. Check it, or tick the box below to announce it anyway.")
        in page
    )
    assert 'type="checkbox" name="in_the_past"' in page
    assert not Session.objects.exists()
    response = client.post(url("session_new", network), {**past, "in_the_past": "on"})
    assert response.status_code == 302
    assert Session.objects.get().starts_at.year == 2020


def test_editing_a_past_session_without_moving_it_asks_nothing(client_for, network, anke):
    session = services.create_session(
        network, by=anke, title="Terugblik", description="x",
        starts_at=timezone.now() - timedelta(days=7), ends_at=timezone.now() - timedelta(days=6),
    )  # fmt: skip
    form = client_for(anke).get(url("session_edit", network, session.pk)).context["form"]
    data = {name: field.value() for name, field in ((n, form[n]) for n in form.fields)}
    data = {k: ("" if v is None else v) for k, v in data.items() if k not in ("circle",)}
    data["description"] = "Verslag erbij"
    data["starts_at"] = form["starts_at"].value()
    response = client_for(anke).post(url("session_edit", network, session.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    session.refresh_from_db()
    assert session.description == "Verslag erbij"
