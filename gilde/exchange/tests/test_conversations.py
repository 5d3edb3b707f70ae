"""Conversations: started from a listing or a person's page, one per pair and subject,
messages as text with links, and e-mail to the other side at most once an hour while
they have not read."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from gilde.core import access
from gilde.core.errors import Conflict, Invalid, NotFound
from gilde.core.models import OutgoingMail
from gilde.exchange import services
from gilde.exchange.models import Conversation, ConversationMember, Message
from gilde.exchange.text import linkify
from gilde.networks.models import Membership


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def _side(conversation, user) -> ConversationMember:
    return ConversationMember.objects.get(conversation=conversation, user=user)


def test_a_first_message_opens_a_conversation_between_two(network, bert, ria):
    conversation, message, created = services.start_conversation(
        network, by=bert, with_user=ria, body="Hoi Ria", topic="  LCA   hulp ",
        reference="exchange.listing:12",
    )  # fmt: skip
    assert created and message.body == "Hoi Ria" and message.author == bert
    assert conversation.topic == "LCA hulp" and conversation.reference == "exchange.listing:12"
    assert {m.user for m in conversation.members.all()} == {bert, ria}
    assert _side(conversation, bert).last_read_at is not None
    assert _side(conversation, ria).last_read_at is None


def test_the_same_pair_and_subject_share_one_conversation(network, bert, ria):
    first, *_ = services.start_conversation(network, by=bert, with_user=ria, body="Eén")
    again, _message, created = services.start_conversation(
        network, by=ria, with_user=bert, body="Twee"
    )
    assert again == first and not created
    assert first.messages.count() == 2
    other, _message, created = services.start_conversation(
        network, by=ria, with_user=bert, body="Over je aanbod", reference="exchange.listing:3"
    )
    assert created and other != first
    assert services.conversation_between(network, ria, bert) == first
    assert services.conversation_between(network, ria, bert, "exchange.listing:3") == other


@pytest.mark.parametrize(
    "reference", ["listing:12", "exchange.listing:0", "exchange.listing:x", "a b:1", "x" * 81]
)
def test_a_reference_has_the_form_app_model_id(network, bert, ria, reference):
    with pytest.raises(Invalid, match="about"):
        services.start_conversation(
            network, by=bert, with_user=ria, body="Hoi", reference=reference
        )
    assert not Conversation.objects.exists()


def test_who_may_not_talk_is_refused(network, anke, bert, ria, gea, otto):
    for stranger in (gea, otto):
        with pytest.raises(NotFound):
            services.start_conversation(network, by=stranger, with_user=ria, body="Hoi")
    with pytest.raises(NotFound):
        services.start_conversation(network, by=bert, with_user=gea, body="Hoi")
    with pytest.raises(NotFound):
        services.start_conversation(network, by=bert, with_user=otto, body="Hoi")
    with pytest.raises(Invalid, match="yourself"):
        services.start_conversation(network, by=bert, with_user=bert, body="Hoi")
    with pytest.raises(Invalid, match="Write"):
        services.start_conversation(network, by=bert, with_user=ria, body="  \n ")
    with pytest.raises(Invalid, match="5000"):
        services.start_conversation(network, by=bert, with_user=ria, body="x" * 5001)
    assert not Conversation.objects.exists() and not Message.objects.exists()


def test_only_the_two_sides_write_in_a_conversation(conversation, anke, ria):
    with pytest.raises(NotFound):
        services.send_message(conversation, by=anke, body="Mag ik meelezen?")
    services.send_message(conversation, by=ria, body="Zeker, Bert.")
    assert conversation.messages.count() == 2


def test_no_message_to_someone_whose_membership_ended(conversation, bert, ria):
    Membership.objects.filter(user=ria).update(status=Membership.Status.LEFT)
    with pytest.raises(Conflict, match="Ria"):
        services.send_message(conversation, by=bert, body="Ben je er nog?")
    access.forget_memberships(ria)
    with pytest.raises(NotFound):
        services.send_message(conversation, by=ria, body="Ik ben weg")
    assert conversation.messages.count() == 1


def test_opening_marks_read_and_writes_nothing_when_all_was_read(conversation, ria):
    last = conversation.messages.last()
    assert services.mark_read(conversation, by=ria, seen_until=last.created_at)
    assert _side(conversation, ria).last_read_at >= last.created_at
    assert not services.mark_read(conversation, by=ria, seen_until=last.created_at)


def test_unread_counts_the_other_sides_messages_since_reading(network, conversation, bert, ria):
    services.send_message(conversation, by=bert, body="Nog iets")
    inbox = list(ConversationMember.objects.inbox(ria, network))
    assert [(side.unread, side.last_body) for side in inbox] == [(2, "Nog iets")]
    assert [side.unread for side in ConversationMember.objects.inbox(bert, network)] == [0]
    services.mark_read(conversation, by=ria, seen_until=timezone.now())
    services.send_message(conversation, by=bert, body="En nog iets")
    assert [side.unread for side in ConversationMember.objects.inbox(ria, network)] == [1]
    services.send_message(conversation, by=ria, body="Gelezen!")
    assert [side.unread for side in ConversationMember.objects.inbox(ria, network)] == [0]
    assert [side.unread for side in ConversationMember.objects.inbox(bert, network)] == [1]


# -- text with links ---------------------------------------------------------------


def test_messages_are_escaped_and_their_addresses_linked():
    html = linkify(
        "Zie https://example.test/lca?a=1&b=2, of <script>alert(1)</script>.\n"
        "javascript:alert(2) en (https://example.test/x_(y))."
    )
    assert (
        '<a href="https://example.test/lca?a=1&amp;b=2" rel="nofollow noopener noreferrer ugc">'
        in html
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert 'href="javascript' not in html and "javascript:alert(2)" in html
    assert 'href="https://example.test/x_(y)"' in html and "</a>)." in html
    assert "<br>" in html


def test_an_address_cannot_break_out_of_its_attribute():
    html = linkify('https://example.test/"onmouseover="alert(1) https://e.test/<b>')
    assert 'href="https://example.test/"' in html and 'onmouseover="' not in html
    assert "<b>" not in html


# -- mail ---------------------------------------------------------------------------


def _mails(to):
    return OutgoingMail.objects.filter(to=to.email, template="exchange/email/message.txt")


def _later(conversation, user, **delta):
    """Move the mark of `user`'s side back, as if its mail went out `delta` ago."""
    side = _side(conversation, user)
    side.last_mailed_at = side.last_mailed_at - timedelta(**delta)
    side.save(update_fields=["last_mailed_at"])


def test_a_message_is_mailed_once_an_hour_while_unread(
    network, bert, ria, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conversation, *_ = services.start_conversation(
            network, by=bert, with_user=ria, body="Eerste bericht"
        )
    assert _mails(ria).count() == 1
    assert "Eerste bericht" in _mails(ria).get().text
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(conversation, by=bert, body="Tweede")
        services.send_message(conversation, by=bert, body="Derde")
    assert _mails(ria).count() == 1, "no second mail within the hour while unread"
    _later(conversation, ria, minutes=61)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(conversation, by=bert, body="Vierde")
    assert _mails(ria).count() == 2, "a new mail after an hour, still unread"
    assert not _mails(bert).exists()


def test_no_mail_about_what_was_read_before_the_mail_went(
    network, bert, ria, django_capture_on_commit_callbacks
):
    """Ria answered before the mail about Bert's message was queued: she read it."""
    with django_capture_on_commit_callbacks(execute=True):
        conversation, *_ = services.start_conversation(
            network, by=bert, with_user=ria, body="Eerste"
        )
        services.send_message(conversation, by=ria, body="Al gezien")
    assert not _mails(ria).exists() and _mails(bert).count() == 1


def test_a_new_mail_after_the_other_side_read(
    network, bert, ria, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conversation, *_ = services.start_conversation(
            network, by=bert, with_user=ria, body="Eerste"
        )
    services.mark_read(conversation, by=ria, seen_until=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(conversation, by=bert, body="Na het lezen")
    assert _mails(ria).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(conversation, by=bert, body="Meteen erna")
    assert _mails(ria).count() == 2


def test_a_message_mail_is_in_the_readers_language(
    network, bert, ria, django_capture_on_commit_callbacks
):
    ria.language = "en"
    ria.save(update_fields=["language"])
    bert.language = "nl"
    bert.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        conversation, *_ = services.start_conversation(
            network, by=bert, with_user=ria, body="Hallo"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(conversation, by=ria, body="Hello")
    assert _mails(ria).get().language == "en"
    assert "wrote to you" in _mails(ria).get().text
    assert _mails(bert).get().language == "nl"
