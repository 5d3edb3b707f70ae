"""`manage.py exchange_listing_expiry`: the owner of a listing that expired gets one mail, in
their language, with a link to renew it; running it again sends nothing again."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from gilde.core.mail import stop_token
from gilde.core.models import MailStop, OutgoingMail
from gilde.exchange import services
from gilde.exchange.models import Listing
from gilde.networks.models import Membership


def place(network, user, **fields):
    values = {"kind": "offer", "title": "Vezelanalyse in ons lab"}
    return services.create_listing(network, by=user, **{**values, **fields})


def expire(listing, **ago):
    Listing.objects.filter(pk=listing.pk).update(
        expires_at=timezone.now() - timedelta(**(ago or {"hours": 1}))
    )


def run() -> str:
    out = StringIO()
    call_command("exchange_listing_expiry", stdout=out)
    return out.getvalue()


def test_the_owner_is_mailed_once_with_a_renew_link(
    network, bert, mailoutbox, django_capture_on_commit_callbacks
):
    listing = place(network, bert)
    place(network, bert, title="Loopt nog")
    expire(listing)
    with django_capture_on_commit_callbacks(execute=True):
        assert run().startswith("1 ")
    [message] = mailoutbox
    assert message.to == [bert.email]
    assert "Vezelanalyse in ons lab" in message.subject and "verlopen" in message.subject
    assert f"/n/{network.slug}/exchange/listings/{listing.pk}/renew/" in message.body
    assert Listing.objects.get(pk=listing.pk).renewal_mailed_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert run().startswith("0 ")
    assert len(mailoutbox) == 1
    assert OutgoingMail.objects.count() == 1


def test_the_mail_is_in_the_owners_language(network, bert):
    bert.language = "en"
    bert.save()
    expire(place(network, bert, kind="want", title="LCA review"))
    services.mail_expired_listings()
    mail = OutgoingMail.objects.get()
    assert mail.language == "en"
    assert mail.subject.endswith("Your request “LCA review” has expired")


def test_renewing_and_expiring_again_mails_again(network, bert):
    listing = place(network, bert)
    expire(listing)
    assert services.mail_expired_listings() == 1
    services.renew_listing(listing, by=bert)
    assert services.mail_expired_listings() == 0
    expire(listing)
    assert services.mail_expired_listings() == 1
    assert OutgoingMail.objects.count() == 2


def test_withdrawn_and_running_listings_are_not_mailed(network, bert):
    closed = place(network, bert)
    services.close_listing(closed, by=bert)
    expire(closed)
    place(network, bert, title="Loopt nog")
    assert services.mail_expired_listings() == 0
    assert not OutgoingMail.objects.exists()


def test_a_departed_member_is_not_offered_a_renewal(network, bert):
    listing = place(network, bert)
    expire(listing)
    Membership.objects.filter(user=bert, network=network).update(status="left")
    assert services.mail_expired_listings() == 0
    assert not OutgoingMail.objects.exists()
    # Handled all the same: coming back later does not bring an old mail.
    assert Listing.objects.get(pk=listing.pk).renewal_mailed_at is not None


def test_who_stopped_these_mails_gets_none(network, bert):
    MailStop.objects.create(user=bert, topic=services.LISTING_EXPIRY_TOPIC)
    expire(place(network, bert))
    assert services.mail_expired_listings() == 0
    assert stop_token(bert, services.LISTING_EXPIRY_TOPIC)  # the topic is a known one


def test_each_listing_gets_its_own_mail(network, anke, bert):
    for user in (anke, bert, bert):
        expire(place(network, user, title=f"Aanbod van {user.name}"), days=2)
    assert services.mail_expired_listings() == 3
    assert sorted(OutgoingMail.objects.values_list("to", flat=True)) == sorted(
        [anke.email, bert.email, bert.email]
    )
