"""Sending e-mail from templates, with the site's address filled in."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def send_templated(subject: str, template: str, context: dict, recipients: list[str]) -> int:
    """Render `template` (plain text) and send it through Django's mail to `recipients`."""
    if not recipients:
        return 0
    body = render_to_string(template, {**context, "SITE_URL": settings.SITE_URL})
    return send_mail(subject, body, None, recipients)
