from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gilde.core.errors import Conflict, Invalid, NotAllowed, NotFound
from gilde.core.testing import make_membership, make_network, make_user
from gilde.knowledge import services
from gilde.knowledge.models import Article, Question, Registration, Session


def soon(hours=24):
    return timezone.now() + timedelta(hours=hours)


@pytest.fixture
def session(network, anke):
    return services.create_session(
        network, by=anke, title="Workshop biocomposieten", description="Zelf aan de slag.",
        kind="workshop", starts_at=soon(), ends_at=soon(26), capacity=1,
    )  # fmt: skip


def test_an_article_is_visible_to_members_only_by_default(network, anke, bert, gea, otto):
    article = services.create_article(network, by=bert, title="Vezels", body="Tekst", publish=True)
    assert article.visibility == "network"
    for user, sees in ((anke, True), (bert, True), (gea, False), (otto, False), (None, False)):
        assert Article.objects.visible_to(user).filter(pk=article.pk).exists() is sees, user


def test_a_public_article_is_visible_logged_out_but_not_in_a_hidden_network(network, bert):
    article = services.create_article(
        network, by=bert, title="Open", body="x", visibility="public", publish=True
    )
    assert Article.objects.visible_to(None).filter(pk=article.pk).exists()
    network.visibility = "hidden"
    network.save()
    assert not Article.objects.visible_to(None).filter(pk=article.pk).exists()


def test_drafts_are_for_their_authors_only(network, anke, bert):
    draft = services.create_article(
        network, by=bert, title="Concept", body="x", coauthors=[anke.pk]
    )
    other = make_user()
    make_membership(other, network)
    assert Article.objects.visible_to(anke).filter(pk=draft.pk).exists()  # co-author
    assert not Article.objects.visible_to(other).filter(pk=draft.pk).exists()


def test_a_circle_article_is_for_the_chosen_members(network, anke, bert):
    other = make_user()
    make_membership(other, network)
    article = services.create_article(
        network,
        by=bert,
        title="Kring",
        body="x",
        visibility="circle",
        circle=[anke.pk],
        publish=True,
    )
    assert Article.objects.visible_to(anke).filter(pk=article.pk).exists()
    assert not Article.objects.visible_to(other).filter(pk=article.pk).exists()


def test_a_circle_of_outsiders_is_refused(network, bert, otto):
    with pytest.raises(Invalid):
        services.create_article(
            network, by=bert, title="K", body="x", visibility="circle", circle=[otto.pk]
        )
    assert not Article.objects.exists()


def test_guests_and_outsiders_cannot_write(network, gea, otto):
    with pytest.raises(NotAllowed):
        services.create_article(network, by=gea, title="x", body="x")
    with pytest.raises(NotAllowed):
        services.ask_question(network, by=otto, title="x")


def test_editing_someone_elses_article_is_refused(network, anke, bert):
    article = services.create_article(network, by=bert, title="Van Bert", body="x", publish=True)
    with pytest.raises(NotAllowed):
        services.update_article(article, by=anke, title="Van Anke")
    article.refresh_from_db()
    assert article.title == "Van Bert" and article.revisions.count() == 1


def test_every_edit_keeps_a_revision(network, bert):
    article = services.create_article(network, by=bert, title="Eerste", body="a")
    services.update_article(article, by=bert, title="Tweede", note="Titel beter")
    assert [r.title for r in article.revisions.all()] == ["Tweede", "Eerste"]


def test_an_answer_notifies_the_asker_and_can_be_accepted(
    network, anke, bert, mailoutbox, django_capture_on_commit_callbacks
):
    question = services.ask_question(network, by=anke, title="Wie kent PLA?")
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.answer_question(question, by=bert, body="Ik!")
    assert [m.to for m in mailoutbox] == [[anke.email]]
    with pytest.raises(NotAllowed):
        services.accept_answer(answer, by=bert)
    services.accept_answer(answer, by=anke)
    assert Question.objects.get(pk=question.pk).accepted_answer == answer
    with pytest.raises(NotAllowed):
        services.mark_useful(answer, by=bert)
    services.mark_useful(answer, by=anke)
    assert answer.useful_by.count() == 1


def test_a_full_session_puts_people_on_the_waiting_list_which_moves_up(
    session, anke, bert, network, mailoutbox, django_capture_on_commit_callbacks
):
    other = make_user()
    make_membership(other, network)
    assert services.register(session, by=bert).status == "registered"
    waiting = services.register(session, by=other)
    assert waiting.status == "waitlisted" and services.waiting_position(waiting) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(session, by=bert)
    assert Registration.objects.get(session=session, user=other).status == "registered"
    assert mailoutbox[-1].to == [other.email]


def test_registering_twice_is_refused(session, bert):
    services.register(session, by=bert)
    with pytest.raises(Conflict):
        services.register(session, by=bert)
    assert Registration.objects.filter(user=bert).count() == 1


def test_outsiders_cannot_register_for_a_members_session(session, otto):
    with pytest.raises(NotFound):
        services.register(session, by=otto)


def test_fewer_places_than_registrations_is_refused(session, network, bert):
    services.register(session, by=bert)
    with pytest.raises(Conflict):
        services.update_session(session, by=session.author, capacity=0)
    assert Session.objects.get(pk=session.pk).capacity == 1


def test_a_priced_session_needs_a_price(network, anke):
    with pytest.raises(Invalid):
        services.create_session(
            network, by=anke, title="Training", description="x", starts_at=soon(), ends_at=soon(2),
            price_kind="euros",
        )  # fmt: skip
    assert not Session.objects.exists()


def test_materials_for_attendees_only(session, anke, bert, network):
    services.update_session(session, by=anke, materials="Slides", materials_for_attendees=True)
    services.register(session, by=bert)
    assert not services.may_see_materials(session, bert)
    services.record_attendance(session, by=anke, user_ids=[bert.pk])
    assert services.may_see_materials(session, bert)


def test_forbidden_and_too_large_attachments_are_refused(network, bert, settings):
    article = services.create_article(network, by=bert, title="Met bijlage", body="x")
    with pytest.raises(Invalid):
        services.add_attachment(article, by=bert, upload=SimpleUploadedFile("virus.exe", b"MZ"))
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(Invalid):
        services.add_attachment(article, by=bert, upload=SimpleUploadedFile("big.pdf", b"x" * 11))
    assert not article.attachments.exists()


def test_attachment_names_are_sanitised_and_stored_names_generated(
    network, bert, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    article = services.create_article(network, by=bert, title="Met bijlage", body="x")
    upload = SimpleUploadedFile("../../etc/passwd<script>.pdf", b"%PDF-1.4")
    attachment = services.add_attachment(article, by=bert, upload=upload)
    assert "/" not in attachment.name and "<" not in attachment.name
    assert attachment.file.name.startswith("attachments/") and "passwd" not in attachment.file.name


def test_comments_need_access_to_the_item(network, bert, otto):
    other = make_network("Ander")
    make_membership(otto, other)
    article = services.create_article(network, by=bert, title="Intern", body="x", publish=True)
    with pytest.raises(NotFound):
        services.add_comment(article, by=otto, body="Hoi")
