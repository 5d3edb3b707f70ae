"""Pages about e-mail: stopping a notification with one click, and the mail sent for me."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from gilde.core.mail import TOPICS, read_stop_token
from gilde.core.models import MailStop, OutgoingMail


# The signed token in the address is the authority: mail clients post RFC 8058's
# one-click unsubscribe without a session or a CSRF token.
@csrf_exempt
def mail_stop(request, stop_token: str):
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST stops the topic."""
    found = read_stop_token(stop_token)
    if found is None:
        raise Http404
    user_id, topic = found
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404
    stopped = False
    if request.method == "POST":
        with transaction.atomic():
            MailStop.objects.get_or_create(user=user, topic=topic)
        stopped = True
    return render(
        request,
        "core/mail_stop.html",
        {"topic": TOPICS[topic], "stopped": stopped},
    )


@login_required
def my_mail(request):
    """The mail Gilde sent because of something I did, and whether it arrived."""
    mails = OutgoingMail.objects.caused_by(request.user).only(
        "to", "subject", "status", "attempts", "last_error", "created_at", "sent_at"
    )
    page = Paginator(mails, 50).get_page(request.GET.get("page"))
    return render(request, "core/my_mail.html", {"page": page})
