"""What is refused and changes nothing: active content and disguised files as
attachments, and a circle (or co-authors) from another network's members."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from gilde.accounts.services import issue_token
from gilde.core import uploads
from gilde.core.errors import Invalid
from gilde.core.testing import make_membership, make_network, make_user
from gilde.knowledge import services
from gilde.knowledge.models import Article, Attachment

MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"  # a Windows program
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
GOOD = {
    ".pdf": b"%PDF-1.7\n",
    ".png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ".jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    ".jpeg": b"\xff\xd8\xff\xe1\x00\x10Exif",
    ".gif": b"GIF89a\x01\x00\x01\x00",
    ".webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    ".zip": b"PK\x03\x04\x14\x00\x00\x00",
    ".docx": b"PK\x03\x04\x14\x00\x06\x00",
    ".xlsx": b"PK\x03\x04\x14\x00\x06\x00",
    ".pptx": b"PK\x03\x04\x14\x00\x06\x00",
    ".odt": b"PK\x03\x04\x14\x00\x00\x08",
    ".ods": b"PK\x03\x04\x14\x00\x00\x08",
    ".odp": b"PK\x03\x04\x14\x00\x00\x08",
    ".txt": "Gewoon tekst, met een ë.".encode(),
    ".md": b"# Kop\n\nTekst.",
    ".csv": b"naam;aantal\nvlas;3\n",
}


def said(text: str, **values) -> str:
    with translation.override("nl"):
        message = translation.gettext(text)
    return escape(message % values if values else message)


def dutch(text: str, **values) -> str:
    with translation.override("nl"):
        message = translation.gettext(text)
    return message % values if values else message


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def article(network, bert):
    return services.create_article(network, by=bert, title="Met bijlage", body="x", publish=True)


def upload_page(client, network, item, name, content):
    return client.post(
        reverse("knowledge:attachment_add", args=[network.slug]),
        {"kind": "article", "object_id": item.pk, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


# -- attachments ------------------------------------------------------------------


def test_every_allowed_type_has_a_content_rule_and_none_is_active_content():
    for extension in services.ATTACHMENT_TYPES:
        assert extension in uploads.SIGNATURES or extension in uploads.TEXT, extension
    assert not services.ATTACHMENT_TYPES & uploads.ACTIVE_CONTENT
    assert set(GOOD) == services.ATTACHMENT_TYPES


@pytest.mark.parametrize("extension", sorted(GOOD))
def test_a_real_file_of_each_allowed_type_is_accepted(media, network, bert, article, extension):
    upload = SimpleUploadedFile(f"bestand{extension}", GOOD[extension] + b" rest")
    attachment = services.add_attachment(article, by=bert, upload=upload)
    assert attachment.file.read() == GOOD[extension] + b" rest"  # read from its start


@pytest.mark.parametrize("name", ["tekening.svg", "pagina.html", "pagina.HTM", "a.xhtml"])
def test_svg_and_html_are_refused_as_attachments(media, network, bert, article, name):
    with pytest.raises(Invalid) as refused:
        services.add_attachment(article, by=bert, upload=SimpleUploadedFile(name, SVG))
    assert refused.value.field == "file"
    assert str(refused.value) == dutch(
        "SVG and HTML files cannot be attached: they can contain scripts."
    )
    assert not Attachment.objects.exists()


def test_the_page_says_why_an_svg_is_refused(client_for, media, network, bert, article):
    response = upload_page(client_for(bert), network, article, "logo.svg", SVG)
    assert said("SVG and HTML files cannot be attached: they can contain scripts.") in (
        response.content.decode()
    )
    assert not Attachment.objects.exists() and not (media / "attachments").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", MZ),
        ("foto.png", MZ),
        ("foto.jpg", b"%PDF-1.4"),
        ("plaatje.webp", b"RIFF\x24\x00\x00\x00AVI LIST"),
        ("verslag.docx", MZ),
        ("lijst.csv", MZ),
        ("notities.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00"),
        ("leeg.pdf", b""),
    ],
)
def test_a_file_whose_content_does_not_match_its_name_is_refused(
    media, network, bert, article, name, content
):
    with pytest.raises(Invalid) as refused:
        services.add_attachment(article, by=bert, upload=SimpleUploadedFile(name, content))
    assert refused.value.field == "file"
    kind = name.rsplit(".", 1)[1].upper()
    assert str(refused.value) == dutch(
        "This is not a %(type)s file: what it contains does not match its name.", type=kind
    )
    assert not Attachment.objects.exists()


def test_the_page_refuses_a_program_renamed_to_pdf(client_for, media, network, bert, article):
    response = upload_page(client_for(bert), network, article, "factuur.pdf", MZ)
    assert (
        said("This is not a %(type)s file: what it contains does not match its name.", type="PDF")
        in response.content.decode()
    )
    assert not Attachment.objects.exists() and not (media / "attachments").exists()


# -- a circle from another network -------------------------------------------------


@pytest.fixture
def stranger(db):
    """A member of another network, who is no member of Biobased Noord."""
    user = make_user("Sanne Elders", email="sanne@example.test")
    make_membership(user, make_network("Vlas Zuid"), role="member")
    return user


@pytest.fixture
def carla(network):
    user = make_user("Carla Veenstra", email="carla@example.test")
    make_membership(user, network, role="member")
    return user


NOT_A_MEMBER = "You can only choose members of this network."


def test_the_service_refuses_a_circle_from_another_network(network, bert, carla, stranger):
    with pytest.raises(Invalid) as refused:
        services.create_article(
            network, by=bert, title="T", body="B", visibility="circle", circle=[stranger.pk]
        )
    assert refused.value.field == "circle" and str(refused.value) == dutch(NOT_A_MEMBER)
    assert not Article.objects.exists()

    article = services.create_article(
        network, by=bert, title="T", body="B", visibility="circle", circle=[carla.pk]
    )
    with pytest.raises(Invalid):
        services.update_article(article, by=bert, title="Anders", circle=[carla.pk, stranger.pk])
    article.refresh_from_db()
    assert article.title == "T"
    assert list(article.circle.values_list("pk", flat=True)) == [carla.pk]


def test_the_service_refuses_co_authors_from_another_network(network, bert, stranger):
    with pytest.raises(Invalid) as refused:
        services.create_article(network, by=bert, title="T", body="B", coauthors=[stranger.pk])
    assert str(refused.value) == dutch(NOT_A_MEMBER)
    assert not Article.objects.exists()


def test_the_page_refuses_a_circle_from_another_network(client_for, network, bert, stranger):
    response = client_for(bert).post(
        reverse("knowledge:article_new", args=[network.slug]),
        {
            "kind": "how-to",
            "title": "Geheim",
            "body": "Tekst",
            "visibility": "circle",
            "circle": [stranger.pk],
            "action": "publish",
        },
    )
    assert response.status_code == 200
    assert said(NOT_A_MEMBER) in response.content.decode()
    assert not Article.objects.exists()


def test_the_api_refuses_a_circle_from_another_network(client, network, bert, carla, stranger):
    _token, raw = issue_token(bert, "tests", by=bert)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "nl"}
    base = f"/api/v1/networks/{network.slug}/articles"

    def send(method, path, body):
        return client.generic(method, path, json.dumps(body), "application/json", **auth)

    body = {"title": "T", "body": "B", "visibility": "circle", "circle": [stranger.pk]}
    response = send("POST", base, body)
    assert response.status_code == 400
    assert response.json()["field"] == "circle"
    assert response.json()["message"] == dutch(NOT_A_MEMBER)
    assert not Article.objects.exists()

    article = services.create_article(
        network, by=bert, title="T", body="B", visibility="circle", circle=[carla.pk]
    )
    response = send("PATCH", f"{base}/{article.pk}", {"title": "X", "circle": [stranger.pk]})
    assert response.status_code == 400 and response.json()["field"] == "circle"
    article.refresh_from_db()
    assert article.title == "T"
    assert list(article.circle.values_list("pk", flat=True)) == [carla.pk]
