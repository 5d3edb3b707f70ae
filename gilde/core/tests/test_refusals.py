"""`core.forms.refusals`: the pages' one way of showing a service's refusal."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from gilde.core.errors import Invalid, NotAllowed
from gilde.core.forms import refusals


class TitleForm(forms.Form):
    title = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_without_a_form_the_refusal_becomes_a_message_and_the_rest_does_not_run():
    request = _request()
    ran = []
    with refusals(request) as refused:
        raise NotAllowed("Alleen de auteur kan dit wijzigen.")
        ran.append("after")  # pragma: no cover - never reached
    assert refused
    assert isinstance(refused.error, NotAllowed)
    assert [str(m) for m in get_messages(request)] == ["Alleen de auteur kan dit wijzigen."]
    assert ran == []


def test_with_a_form_the_refusal_goes_next_to_its_field_or_above_the_form():
    form = TitleForm({"title": "x"})
    assert form.is_valid()
    with refusals(form=form) as refused:
        raise Invalid("Die titel bestaat al.", field="title")
    assert refused
    assert form.errors["title"] == ["Die titel bestaat al."]

    form = TitleForm({"title": "x"})
    assert form.is_valid()
    with refusals(form=form):
        raise Invalid("Dat kan nu niet.", field="no-such-field")
    assert form.non_field_errors() == ["Dat kan nu niet."]


def test_no_refusal_is_falsy_and_leaves_no_message():
    request = _request()
    with refusals(request) as refused:
        pass
    assert not refused and refused.error is None
    assert list(get_messages(request)) == []


def test_other_errors_pass_through():
    with pytest.raises(ZeroDivisionError), refusals(_request()):
        1 / 0  # noqa: B018
