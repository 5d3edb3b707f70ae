"""A destructive action asks first: the button's POST shows a page that asks, and only the
POST from that page (with `confirm=yes`) acts. It works without JavaScript; with it,
gilde/static/gilde/confirm.js asks in a dialog and sends `confirm=yes` at once."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirm"


def confirmed(request: HttpRequest) -> bool:
    """Whether this POST is the answer "yes" to the question."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "yes"


def ask_first(
    request: HttpRequest,
    *,
    question: str,
    button: str,
    cancel_url: str,
    explanation: str = "",
) -> HttpResponse:
    """The page that asks `question`; its form repeats the POST's fields with `confirm=yes`."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in values
    ]
    return render(
        request,
        "core/confirm.html",
        {
            "question": question,
            "explanation": explanation,
            "button": button,
            "cancel_url": cancel_url,
            "fields": fields,
            "action": request.get_full_path(),
        },
    )
