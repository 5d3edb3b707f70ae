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
