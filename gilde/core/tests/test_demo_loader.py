"""core.demo.load: demo content from YAML, checked entry by entry."""

import pytest

from gilde.core.demo import DemoDataError, Field, load, load_path

SCHEMA = {
    "email": Field(),
    "hours": Field(int, required=False, default=0),
    "role": Field(choices=("member", "coordinator")),
    "bio": Field(required=False, default="", markdown=True),
}


def write(tmp_path, text: str):
    path = tmp_path / "people.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_gives_its_entries_with_defaults(tmp_path):
    path = write(tmp_path, "- email: a@example.nl\n  role: member\n  hours: 4\n")
    assert load_path(path, SCHEMA, key="email") == [
        {"email": "a@example.nl", "hours": 4, "role": "member", "bio": ""}
    ]


def test_a_long_body_comes_from_the_markdown_file_next_to_it(tmp_path):
    (tmp_path / "a.md").write_text("# Over mij\n\nTekst.\n", encoding="utf-8")
    path = write(tmp_path, "- email: a@example.nl\n  role: member\n  bio_file: a.md\n")
    assert load_path(path, SCHEMA)[0]["bio"] == "# Over mij\n\nTekst.\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- email: a@x.nl\n  role: member\n- role: member\n", "entry 2: missing key email"),
        ("- email: a@x.nl\n  role: boss\n", "entry 1 (a@x.nl): role 'boss' is not one of"),
        ("- email: a@x.nl\n  role: member\n  hours: many\n", "hours must be of type int"),
        ("- email: a@x.nl\n  role: member\n  hours: true\n", "hours must be of type int"),
        ("- email: a@x.nl\n  role: member\n  colour: red\n", "(a@x.nl): unknown key colour"),
        ("- email: a@x.nl\n  role: member\n  bio_file: gone.md\n", "cannot read bio_file"),
        ("email: a@x.nl\n", "expected a list of entries"),
        ("- just a string\n", "entry 1 is not a mapping"),
        ("- email: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_bad_file_names_the_file_and_the_entry(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(DemoDataError) as error:
        load_path(path, SCHEMA, key="email")
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_load_reads_the_demo_folder_of_an_app(tmp_path):
    with pytest.raises(DemoDataError, match=r"networks/demo/missing\.yaml: cannot read"):
        load("networks", "missing.yaml", SCHEMA)


ANSWER = {"author": Field(), "accepted": Field(bool, required=False, default=False)}
QUESTION = {
    "title": Field(),
    "tags": Field(list, items=str),
    "answers": Field(list, items=ANSWER),
}


def test_list_items_are_checked_against_their_type_or_schema(tmp_path):
    path = write(tmp_path, "- title: Vraag\n  tags: [a, b]\n  answers:\n  - author: anke\n")
    [entry] = load_path(path, QUESTION, key="title")
    assert entry == {
        "title": "Vraag",
        "tags": ["a", "b"],
        "answers": [{"author": "anke", "accepted": False}],
    }
    assert entry.where == f"{path}, entry 1 (Vraag)"
    assert entry["answers"][0].where == f"{path}, entry 1 (Vraag), answers item 1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "- title: V\n  tags: [a, 3]\n  answers: []\n",
            "entry 1 (V): tags item 2 must be of type str",
        ),
        (
            "- title: V\n  tags: []\n  answers:\n  - author: a\n  - accepted: true\n",
            "entry 1 (V), answers item 2: missing key author",
        ),
        (
            "- title: V\n  tags: []\n  answers:\n  - author: a\n    accepted: 1\n",
            "entry 1 (V), answers item 1: accepted must be of type bool",
        ),
    ],
)
def test_a_bad_list_item_names_the_file_the_entry_and_the_item(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(DemoDataError) as error:
        load_path(path, QUESTION, key="title")
    assert f"{path}, {message}" in str(error.value)


def test_a_service_refusal_becomes_an_error_naming_the_entry(tmp_path):
    from gilde.core.demo import refused
    from gilde.core.errors import NotAllowed

    path = write(tmp_path, "- email: a@x.nl\n  role: member\n")
    [entry] = load_path(path, SCHEMA, key="email")
    with pytest.raises(DemoDataError) as error, refused(entry):
        raise NotAllowed("Alleen leden van Biobased Noord kunnen dit.")
    assert str(error.value) == (
        f"{path}, entry 1 (a@x.nl): refused by the service: "
        "Alleen leden van Biobased Noord kunnen dit."
    )


def test_without_mail_drops_the_mail_queued_inside_it_and_keeps_what_came_before(
    db, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from gilde.core.demo import without_mail
    from gilde.core.mail import send_templated
    from gilde.core.models import OutgoingMail

    def mail(to):
        send_templated("Hallo", "core/email/message.html", {"text": "x"}, [to])

    with django_capture_on_commit_callbacks() as callbacks:
        mail("voor@example.nl")
        with transaction.atomic(), without_mail():
            mail("tijdens@example.nl")
            transaction.on_commit(lambda: None)
    assert len(callbacks) == 1
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == ["voor@example.nl"]


def test_without_mail_refuses_to_run_outside_a_transaction():
    from gilde.core.demo import without_mail

    with pytest.raises(RuntimeError), without_mail():
        pass
