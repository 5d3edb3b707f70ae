"""core.views.media serves profile photos and logos only: no path leaves the image folders,
however it is spelled, and an item's attachment is reached only through its own page's rules."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gilde.knowledge import services as knowledge

SECRET = b"wachtwoorden en zo"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A media folder with one photo, next to a secret file and a settings file outside it."""
    root = tmp_path / "media"
    (root / "photos").mkdir(parents=True)
    (root / "photos" / "anke.png").write_bytes(b"\x89PNG anke")
    (root / "private").mkdir()
    (root / "private" / "notes.txt").write_bytes(SECRET)
    (tmp_path / "secret.txt").write_bytes(SECRET)
    settings.MEDIA_ROOT = root
    return root


def _get(path: str):
    return Client().get(path)


@pytest.mark.django_db
def test_a_photo_is_served_with_its_type_and_nosniff():
    response = _get("/media/photos/anke.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG anke"
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/media/photos/../private/notes.txt",  # back out of the image folder
        "/media/photos/../../secret.txt",  # out of the media folder
        "/media/photos/%2e%2e/private/notes.txt",  # encoded dots
        "/media/photos/%2E%2E/%2E%2E/secret.txt",
        "/media/photos/%252e%252e/private/notes.txt",  # encoded twice: a folder named %2e%2e
        "/media/photos/..%2fprivate/notes.txt",  # an encoded slash
        "/media/photos/..%5cprivate%5cnotes.txt",  # a backslash
        "/media/photos/anke.png%00.txt",  # a NUL byte
        "/media//private/notes.txt",  # an absolute path
        "/media/photos//private/notes.txt",
        "/media/private/notes.txt",  # a folder that is not for images
        "/media/photos/",  # a folder, not a file
        "/media/photos/nobody.png",
    ],
)
def test_no_spelling_of_a_path_leaves_the_image_folders(path):
    response = _get(path)
    assert response.status_code == 404
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert SECRET not in body


@pytest.mark.django_db
def test_an_attachment_is_not_served_as_media_even_to_its_author(network, bert, otto, client_for):
    article = knowledge.create_article(
        network, by=bert, title="Eigen recept", body="x", visibility="private", publish=True
    )
    attachment = knowledge.add_attachment(
        article, by=bert, upload=SimpleUploadedFile("recept.txt", SECRET, "text/plain")
    )
    media_url = f"/media/{attachment.file.name}"
    assert attachment.file.name.startswith("attachments/")
    for viewer in (otto, bert):
        assert client_for(viewer).get(media_url).status_code == 404
    page_url = reverse("knowledge:attachment", args=[network.slug, attachment.pk])
    assert client_for(otto).get(page_url).status_code == 404  # may not see the article
    assert client_for(bert).get(page_url).status_code == 200  # the author may
