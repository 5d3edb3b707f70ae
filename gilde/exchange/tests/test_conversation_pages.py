"""The conversation pages: Mijn gesprekken with unread counts, starting from a person's
page or a listing, a conversation with its messages and agreements and their buttons,
and the coordinators' disputes with the settle form. Refusals are explained in Dutch."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gilde.core.testing import make_membership, make_user
from gilde.exchange import services
from gilde.exchange.models import Agreement, Conversation, Hold, Message
from gilde.exchange.tests.conftest import due, fresh
from gilde.exchange.verify import verify
from gilde.networks.models import Membership


def page(network, path=""):
    return f"/n/{network.slug}/exchange/{path}"


def conversation_url(network, conversation) -> str:
    return reverse("exchange:conversation", args=[network.slug, conversation.pk])


def test_my_conversations_lists_them_with_unread_counts(client_for, network, conversation, ria):
    response = client_for(ria).get(page(network, "conversations/"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Bert Kuipers" in text and "1 ongelezen" in text
    assert "kun je me helpen" in text


def test_the_person_page_has_a_send_a_message_button(client_for, network, anke, bert, gea):
    person = reverse("networks:person", args=[network.slug, bert.pk])
    start = reverse("exchange:conversation_start", args=[network.slug]) + f"?with={bert.pk}"
    assert start in client_for(anke).get(person).content.decode()
    # Not on one's own page, nor to a guest.
    assert "conversations/new/" not in client_for(bert).get(person).content.decode()
    guest_page = reverse("networks:person", args=[network.slug, gea.pk])
    assert "conversations/new/" not in client_for(anke).get(guest_page).content.decode()


def test_starting_shows_the_form_then_sends(client_for, network, bert, ria):
    client = client_for(bert)
    url = page(network, f"conversations/new/?with={ria.pk}&about=exchange.listing:7&topic=Vlas")
    form = client.get(url)
    text = form.content.decode()
    assert form.status_code == 200 and 'value="Vlas"' in text
    assert 'name="about" value="exchange.listing:7"' in text
    done = client.post(
        page(network, "conversations/new/"),
        {"with": ria.pk, "about": "exchange.listing:7", "topic": "Vlas", "body": "Interesse!"},
    )
    conversation = Conversation.objects.get()
    assert done.status_code == 302 and done["Location"] == conversation_url(network, conversation)
    assert conversation.reference == "exchange.listing:7" and conversation.topic == "Vlas"
    # The same link now opens the conversation the two have about it.
    again = client.get(url)
    assert again.status_code == 302
    assert again["Location"].startswith(conversation_url(network, conversation))


def test_starting_refuses_what_does_not_fit(client_for, network, bert, gea, otto):
    client = client_for(bert)
    for query in (f"?with={gea.pk}", f"?with={otto.pk}", "?with=x", "", "?with=1&about=nee"):
        assert client.get(page(network, f"conversations/new/{query}")).status_code == 404, query
    mine = client.get(page(network, f"conversations/new/?with={bert.pk}"))
    assert mine.status_code == 302
    empty = client.post(page(network, "conversations/new/"), {"with": gea.pk, "body": "Hoi"})
    assert empty.status_code == 404
    assert not Message.objects.exists()


def test_an_empty_first_message_is_explained(client_for, network, bert, ria):
    response = client_for(bert).post(
        page(network, "conversations/new/"), {"with": ria.pk, "body": "   "}
    )
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()
    assert not Conversation.objects.exists()


def test_the_conversation_shows_messages_with_links_and_marks_them_read(
    client_for, network, conversation, bert, ria
):
    services.send_message(conversation, by=bert, body="Zie https://example.test/lca <b>nu</b>")
    client = client_for(ria)
    response = client.get(conversation_url(network, conversation))
    text = response.content.decode()
    assert response.status_code == 200
    assert '<a href="https://example.test/lca" rel="nofollow noopener noreferrer ugc">' in text
    assert "&lt;b&gt;nu&lt;/b&gt;" in text
    assert text.count("thread__message--new") == 2
    again = client.get(conversation_url(network, conversation)).content.decode()
    assert "thread__message--new" not in again


def test_replying_and_an_empty_reply(client_for, network, conversation, ria):
    client = client_for(ria)
    url = page(network, f"conversations/{conversation.pk}/messages/")
    assert client.post(url, {"body": "Graag, Bert."}).status_code == 302
    assert conversation.messages.count() == 2
    refused = client.post(url, {"body": ""})
    assert refused.status_code == 200 and "Dit veld is verplicht" in refused.content.decode()
    assert conversation.messages.count() == 2


def test_someone_elses_conversation_is_not_found(client_for, network, conversation, anke):
    assert client_for(anke).get(conversation_url(network, conversation)).status_code == 404
    url = page(network, f"conversations/{conversation.pk}/messages/")
    assert client_for(anke).post(url, {"body": "Ik lees mee"}).status_code == 404


def test_a_departed_member_can_no_longer_be_answered(client_for, network, conversation, bert, ria):
    Membership.objects.filter(user=ria).update(status=Membership.Status.LEFT)
    client = client_for(bert)
    text = client.get(conversation_url(network, conversation)).content.decode()
    assert "geen lid meer van dit netwerk" in text
    assert 'id="reply"' not in text
    refused = client.post(page(network, f"conversations/{conversation.pk}/messages/"),
                          {"body": "Hallo?"})  # fmt: skip
    assert refused.status_code == 200 and conversation.messages.count() == 1


def _propose(client, network, conversation, **data):
    body = {
        "agreement-role": "provider",
        "agreement-description": "LCA van een biocomposiet",
        "agreement-amount": "1,5",
        "agreement-due_on": due().isoformat(),
        **{f"agreement-{k}": v for k, v in data.items()},
    }
    return client.post(page(network, f"conversations/{conversation.pk}/agreements/"), body)


def _step(client, network, agreement, action, **data):
    return client.post(
        page(network, f"agreements/{agreement.pk}/step/"), {"action": action, **data}
    )


def test_an_agreement_from_proposal_to_payment_on_the_page(
    client_for, network, conversation, bert, ria
):
    as_ria, as_bert = client_for(ria), client_for(bert)
    done = _propose(as_ria, network, conversation)
    agreement = Agreement.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"#agreement-{agreement.pk}")
    assert (agreement.amount, agreement.provider.holder) == (90, ria)
    text = as_bert.get(conversation_url(network, conversation)).content.decode()
    assert 'value="accept"' in text and 'value="decline"' in text
    assert (
        'value="accept"' not in as_ria.get(conversation_url(network, conversation)).content.decode()
    )
    assert _step(as_bert, network, agreement, "accept").status_code == 302
    assert fresh(services.account_of(bert, network)).reserved == 90
    account_page = as_bert.get(page(network)).content.decode()
    assert "1 uur 30 min" in account_page
    assert _step(as_ria, network, agreement, "deliver").status_code == 302
    text = as_bert.get(conversation_url(network, conversation)).content.decode()
    assert 'value="confirm"' in text and "Bevestig en betaal 1 uur 30 min" in text
    assert _step(as_bert, network, agreement, "confirm").status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.CONFIRMED
    assert fresh(services.account_of(ria, network)).balance == 90
    assert verify().ok


@pytest.mark.parametrize("amount", ["0", "-1", "0,001", "veel", ""])
def test_bad_amounts_in_a_proposal_are_explained(client_for, network, conversation, ria, amount):
    response = _propose(client_for(ria), network, conversation, amount=amount)
    assert response.status_code == 200
    assert 'id="id_agreement-amount_error"' in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_past_delivery_date_is_explained(client_for, network, conversation, ria):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = _propose(client_for(ria), network, conversation, due_on=yesterday)
    assert response.status_code == 200 and not Agreement.objects.exists()


def test_refused_steps_say_why_and_move_nothing(client_for, network, conversation, bert, ria):
    agreement = services.propose_agreement(
        conversation, by=ria, role="provider", description="Advies", amount=60, due_on=due()
    )
    as_ria = client_for(ria)
    refused = _step(as_ria, network, agreement, "accept")
    assert refused.status_code == 302
    shown = as_ria.get(refused["Location"]).content.decode()
    assert "message--error" in shown
    services.accept_agreement(agreement, by=bert)
    twice = client_for(bert)
    _step(twice, network, agreement, "accept")
    assert Hold.objects.count() == 1
    unknown = _step(twice, network, agreement, "pay-twice")
    assert unknown.status_code == 302 and Hold.objects.count() == 1


def test_disputing_on_the_page_needs_a_reason(client_for, network, conversation, bert, ria):
    agreement = services.accept_agreement(
        services.propose_agreement(
            conversation, by=ria, role="provider", description="Advies", amount=60, due_on=due()
        ),
        by=bert,
    )
    client = client_for(bert)
    _step(client, network, agreement, "dispute", reason="")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACCEPTED
    _step(client, network, agreement, "dispute", reason="Niet geleverd")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DISPUTED


@pytest.fixture
def disputed(conversation, bert, ria):
    agreement = services.accept_agreement(
        services.propose_agreement(
            conversation, by=ria, role="provider", description="Advies", amount=90, due_on=due()
        ),
        by=bert,
    )
    return services.dispute_agreement(agreement, by=bert, reason="Half geleverd")


def _settle(client, network, agreement, **data):
    prefix = f"settle-{agreement.pk}"
    return client.post(
        page(network, f"agreements/{agreement.pk}/settle/"),
        {f"{prefix}-{k}": v for k, v in data.items()},
    )


def test_the_coordinator_settles_a_dispute_on_the_disputes_page(
    client_for, network, anke, bert, ria, disputed
):
    client = client_for(anke)
    listing = client.get(page(network, "disputes/")).content.decode()
    assert "Half geleverd" in listing and f"settle-{disputed.pk}-outcome" in listing
    missing_part = _settle(client, network, disputed, outcome="partial", note="Helft")
    assert missing_part.status_code == 200 and "Zeg welk deel" in missing_part.content.decode()
    too_much = _settle(client, network, disputed, outcome="partial", amount="2", note="Meer")
    assert too_much.status_code == 200 and "errorlist" in too_much.content.decode()
    done = _settle(client, network, disputed, outcome="partial", amount="0:45", note="De helft")
    assert done.status_code == 302
    disputed.refresh_from_db()
    assert (disputed.status, disputed.settlement_amount) == (Agreement.Status.SETTLED, 45)
    assert fresh(services.account_of(ria, network)).balance == 45
    assert fresh(services.account_of(bert, network)).reserved == 0
    text = client_for(bert).get(conversation_url(network, disputed.conversation)).content.decode()
    assert "De helft" in text
    assert verify().ok


def test_settling_what_is_no_longer_disputed_says_so(client_for, network, anke, disputed):
    client = client_for(anke)
    _settle(client, network, disputed, outcome="none", note="Niets")
    again = _settle(client, network, disputed, outcome="full", note="Toch alles")
    assert again.status_code == 302
    assert "message--error" in client.get(again["Location"]).content.decode()
    disputed.refresh_from_db()
    assert disputed.settlement_amount == 0


def test_members_have_no_disputes_page(client_for, network, bert, disputed):
    assert client_for(bert).get(page(network, "disputes/")).status_code == 404


def test_a_coordinator_who_is_a_party_does_not_get_a_settle_form(
    client_for, network, anke, bert, disputed
):
    conversation, *_ = services.start_conversation(network, by=anke, with_user=bert, body="Hoi")
    own = services.accept_agreement(
        services.propose_agreement(
            conversation, by=anke, role="provider", description="Eigen", amount=30, due_on=due()
        ),
        by=bert,
    )
    services.dispute_agreement(own, by=bert, reason="Niet eens")
    text = client_for(anke).get(page(network, "disputes/")).content.decode()
    assert f"settle-{disputed.pk}-outcome" in text
    assert f"settle-{own.pk}-outcome" not in text


def test_many_conversations_are_paged(client_for, network, bert):
    for n in range(23):
        other = make_user(f"Lid {n:02d}")
        make_membership(other, network)
        services.start_conversation(network, by=other, with_user=bert, body=f"Bericht {n}")
    first = client_for(bert).get(page(network, "conversations/")).content.decode()
    assert first.count("conversation-list__item") >= 20 and "?page=2" in first
    second = client_for(bert).get(page(network, "conversations/?page=2")).content.decode()
    assert "Bericht 0" in second


def test_a_listing_links_to_the_start_route(client_for, network, bert, ria):
    """What "Reageer" on a listing renders, and where it leads."""
    from django.template import Context, Template

    link = Template(
        "{% load exchange %}{% conversation_start_url network user_id ref topic %}"
    ).render(
        Context(
            {"network": network, "user_id": ria.pk, "ref": "exchange.listing:9", "topic": "Vlas"}
        )
    )
    assert link == (
        f"/n/{network.slug}/exchange/conversations/new/?with={ria.pk}"
        "&amp;about=exchange.listing%3A9&amp;topic=Vlas"
    )
    form = client_for(bert).get(link.replace("&amp;", "&"))
    assert form.status_code == 200 and 'name="about" value="exchange.listing:9"' in (
        form.content.decode()
    )
