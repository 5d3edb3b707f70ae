"""Uploads larger than ATTACHMENT_MAX_BYTES are refused while they arrive, not after.

`gilde.core.uploads.LimitedUploadHandler` stops reading once a request declares
more than the limit (plus room for the form) or its file bytes pass the limit;
nothing of the file is stored, and the page says the file is too large.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import LimitedStream
from django.test import Client, RequestFactory
from django.test.client import BOUNDARY, encode_multipart
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from gilde.core import uploads
from gilde.core.testing import PASSWORD
from gilde.knowledge import services
from gilde.knowledge.models import Attachment

MB = 1024 * 1024


class CountingStream(io.BytesIO):
    """A request body that counts how much of it the server read."""

    bytes_read = 0

    def read(self, size=-1):
        data = super().read(size)
        self.bytes_read += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.bytes_read += len(data)
        return data


def post_files(file_bytes: int) -> tuple:
    """A multipart request with a field, then a file of `file_bytes`, read from a counting body."""
    body = encode_multipart(
        BOUNDARY,
        {"kind": "article", "file": SimpleUploadedFile("groot.pdf", b"x" * file_bytes)},
    )
    request = RequestFactory().generic(
        "POST", "/", body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    stream = CountingStream(body)
    request._stream = LimitedStream(stream, len(body))
    return request, stream, len(body)


def too_large_message(limit: int = MB) -> str:
    with translation.override("nl"):
        return translation.gettext("The file is too large: at most %(size)s MB.") % {
            "size": limit // MB
        }


@pytest.fixture(autouse=True)
def one_megabyte(settings, tmp_path):
    settings.ATTACHMENT_MAX_BYTES = MB
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # larger files go to a temporary file


def test_a_file_within_the_limit_arrives_whole():
    request, stream, length = post_files(MB)
    assert request.FILES["file"].size == MB
    assert uploads.refusal(request) is None
    assert request.POST["kind"] == "article"


def test_a_body_declared_far_too_large_is_not_read_beyond_its_first_fields():
    request, stream, length = post_files(5 * MB)
    assert "file" not in request.FILES
    assert request.POST["kind"] == "article"  # what came before the file is kept
    assert stream.bytes_read < 256 * 1024 < length
    assert str(uploads.refusal(request).message) == too_large_message()


def test_a_file_that_passes_the_limit_while_arriving_stops_there(settings):
    # Declared within the limit plus room for the form, so only counting catches it.
    request, stream, length = post_files(MB + 1)
    assert length <= MB + uploads.FORM_OVERHEAD_BYTES
    assert "file" not in request.FILES
    assert uploads.refusal(request) is not None


def test_a_body_up_to_twice_the_limit_is_drained_so_the_browser_gets_the_answer():
    request, stream, length = post_files(MB + MB // 2)
    assert "file" not in request.FILES and uploads.refusal(request) is not None
    assert stream.bytes_read == length


def test_nothing_of_a_refused_file_is_left_on_disk(tmp_path):
    request, stream, length = post_files(MB + 300 * 1024)
    assert uploads.refusal(request) is not None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("size", [MB + 1, 5 * MB], ids=["just-over", "far-over"])
def test_the_page_says_the_file_is_too_large_and_keeps_nothing(network, bert, size, tmp_path):
    article = services.create_article(network, by=bert, title="Rapport", body="x", publish=True)
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(email=bert.email, password=PASSWORD)
    page = reverse("knowledge:article", args=[network.slug, article.pk])
    browser.get(page)  # sets the CSRF cookie; the form sends the token before the file
    response = browser.post(
        reverse("knowledge:attachment_add", args=[network.slug]),
        {
            "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
            "kind": "article",
            "object_id": article.pk,
            "file": SimpleUploadedFile("groot.pdf", b"x" * size),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == page
    assert escape(too_large_message()) in response.content.decode()
    assert not Attachment.objects.exists()
    assert [p for p in tmp_path.iterdir() if p.name != "media"] == []


def test_a_photo_far_over_the_limit_is_refused_with_the_message_not_silently(bert):
    browser = Client()
    assert browser.login(email=bert.email, password=PASSWORD)
    response = browser.post(
        reverse("accounts:profile"),
        {"name": "Bert Kuipers", "photo": SimpleUploadedFile("groot.png", b"x" * (2 * MB))},
    )
    assert response.status_code == 200
    assert escape(too_large_message()) in response.content.decode()
    bert.refresh_from_db()
    assert not bert.photo
