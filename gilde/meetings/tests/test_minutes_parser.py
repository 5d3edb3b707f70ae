"""Reading minutes for actions, decisions and ideas, line by line as note-takers write them.

The meeting is on Wednesday 3 March 2027, the next one on 7 April 2027. The network has two
Jans (so "@jan" is ambiguous), a Sjoerd and a Saskia Hoekstra told apart by their e-mail
addresses, a José written with an accent and an Anne-Marie with a surname in three words.
No database: the parser is pure Python. Messages are checked by what they name (mention,
candidates, phrase) and, where the whole message matters, through gettext in Dutch.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gilde.meetings.minutes import Found, Person, match_owner, parse_due, parse_minutes

MEETING = date(2027, 3, 3)  # a Wednesday
NEXT = date(2027, 4, 7)

SJOERD = Person(1, "Sjoerd Hoekstra", "sjoerd.hoekstra@example.nl")
SASKIA = Person(2, "Saskia Hoekstra", "s.hoekstra@example.nl")
INGE = Person(3, "Inge Visser", "inge@example.nl")
JAN_B = Person(4, "Jan Bakker", "jan.bakker@example.nl")
JAN_V = Person(5, "Jan de Vries", "j.devries@example.nl")
JOSE = Person(6, "José Martins", "jose@example.nl")
ANNE = Person(7, "Anne-Marie van 't Hof", "am@example.nl")
TOM = Person(8, "Tom Baker", "tom@example.com")
PEOPLE = [SJOERD, SASKIA, INGE, JAN_B, JAN_V, JOSE, ANNE, TOM]


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def said(message: str, **values) -> str:
    """A message as the parser says it in Dutch (gettext, so it holds before and after the
    catalogue has its translation)."""
    with translation.override("nl"):
        return translation.gettext(message) % values


def parse(line: str, next_meeting: date | None = NEXT) -> Found:
    found = parse_minutes(line, people=PEOPLE, meeting_date=MEETING, next_meeting_date=next_meeting)
    assert len(found) == 1, found
    return found[0]


def d(month: int, day: int, year: int = 2027) -> date:
    return date(year, month, day)


# (line, kind, owner, due, text, problem) — `problem` is None when the line is fine, else
# the words the (first) problem must name.
LINES = [
    # -- the issue's own examples, Dutch --
    ("ACTIE @Sjoerd Hoekstra offerte opvragen bij de drukker vóór vrijdag",
     "action", SJOERD, d(3, 5), "offerte opvragen bij de drukker", None),
    ("- [ ] @inge: LCA-rapport rondsturen, uiterlijk 15 maart",
     "action", INGE, d(3, 15), "LCA-rapport rondsturen", None),
    ("ACTIE offerte opvragen @Sjoerd Hoekstra vóór vrijdag",
     "action", SJOERD, d(3, 5), "offerte opvragen", None),
    ("ACTIE: @inge notulen rondsturen morgen", "action", INGE, d(3, 4), "notulen rondsturen", None),
    ("Actie - @Inge stukken klaarzetten volgende week",
     "action", INGE, d(3, 12), "stukken klaarzetten", None),
    ("actie @INGE begroting bijwerken, over twee weken",
     "action", INGE, d(3, 17), "begroting bijwerken", None),
    ("ACTIE @inge verslag maken eind van de maand",
     "action", INGE, d(3, 31), "verslag maken", None),
    ("ACTIE @inge zaal boeken 15-3", "action", INGE, d(3, 15), "zaal boeken", None),
    ("ACTIE @inge zaal boeken, 15/3", "action", INGE, d(3, 15), "zaal boeken", None),
    ("ACTIE @inge subsidie aanvragen uiterlijk 15-03-2027",
     "action", INGE, d(3, 15), "subsidie aanvragen", None),
    ("ACTIE @inge subsidie aanvragen - deadline: 2027-04-01",
     "action", INGE, d(4, 1), "subsidie aanvragen", None),
    ("ACTIE @inge agenda opstellen vóór de volgende vergadering",
     "action", INGE, NEXT, "agenda opstellen", None),
    ("ACTIE @inge agenda opstellen voor de volgende vergadering",
     "action", INGE, NEXT, "agenda opstellen", None),
    ("ACTIE @inge flyers ontwerpen, eind van volgende maand",
     "action", INGE, d(4, 30), "flyers ontwerpen", None),
    ("ACTIE @inge morgen de stukken rondsturen", "action", INGE, d(3, 4), "de stukken rondsturen",
     None),
    ("- [ ] @inge notulen rondsturen binnen 2 weken",
     "action", INGE, d(3, 17), "notulen rondsturen", None),
    ("ACTIE @inge stukken rondsturen volgende week dinsdag",
     "action", INGE, d(3, 9), "stukken rondsturen", None),
    ("**Actie:** @inge stukken klaarzetten vrijdag 5 maart",
     "action", INGE, d(3, 5), "stukken klaarzetten", None),
    ("ACTIE   @inge    offerte   opvragen ,  vóór  vrijdag  ",
     "action", INGE, d(3, 5), "offerte opvragen", None),
    ("ACTIE @inge kascontrole, over een maand", "action", INGE, d(4, 3), "kascontrole", None),
    # -- English --
    ("ACTION @tom send the slides by friday", "action", TOM, d(3, 5), "send the slides", None),
    ("ACTION: @Tom Baker book the venue tomorrow", "action", TOM, d(3, 4), "book the venue", None),
    ("- [ ] @tom draft the newsletter next week",
     "action", TOM, d(3, 12), "draft the newsletter", None),
    ("ACTION @tom call the printer in two weeks",
     "action", TOM, d(3, 17), "call the printer", None),
    ("action @tom close the books by the end of the month",
     "action", TOM, d(3, 31), "close the books", None),
    ("ACTION @tom order badges by 15 March", "action", TOM, d(3, 15), "order badges", None),
    ("ACTION @tom order badges, March 15", "action", TOM, d(3, 15), "order badges", None),
    ("ACTION @tom prepare the agenda before the next meeting",
     "action", TOM, NEXT, "prepare the agenda", None),
    ("* ACTION - @tom send the report next friday",
     "action", TOM, d(3, 5), "send the report", None),
    # -- owners: full names, first names, e-mail, accents --
    ("ACTIE @Jan de Vries offerte nabellen vrijdag",
     "action", JAN_V, d(3, 5), "offerte nabellen", None),
    ("ACTIE @jan bakker: offerte nabellen", "action", JAN_B, None, "offerte nabellen", None),
    ("ACTIE @sjoerd.hoekstra@example.nl vergunning aanvragen",
     "action", SJOERD, None, "vergunning aanvragen", None),
    ("ACTIE @S.Hoekstra@example.nl vergunning aanvragen, 1 april",
     "action", SASKIA, d(4, 1), "vergunning aanvragen", None),
    ("ACTIE @jose programma maken, over 3 werkdagen",
     "action", JOSE, d(3, 8), "programma maken", None),
    ("ACTIE @José Martins programma maken", "action", JOSE, None, "programma maken", None),
    ("1. ACTIE @anne-marie flyers ontwerpen", "action", ANNE, None, "flyers ontwerpen", None),
    ("ACTIE @Anne-Marie van ’t Hof flyers ontwerpen vóór 20 maart",
     "action", ANNE, d(3, 20), "flyers ontwerpen", None),
    ("ACTIE (@inge) offerte opvragen", "action", INGE, None, "offerte opvragen", None),
    ("ACTIE @Inge LCA-rapport rondsturen", "action", INGE, None, "LCA-rapport rondsturen", None),
    # -- owners that are not clear --
    ("ACTIE @jan offerte nabellen", "action", None, None, "offerte nabellen",
     ["@jan", "Jan Bakker, Jan de Vries"]),
    ("ACTIE @Jan de Boer offerte nabellen", "action", None, None, "offerte nabellen",
     ["@Jan de Boer", "Jan de Vries"]),
    ("ACTIE drukker bellen @Jan de", "action", None, None, "drukker bellen", ["@Jan de"]),
    ("ACTIE @Inge Offerte opvragen", "action", None, None, "opvragen", ["@Inge Offerte"]),
    ("ACTIE @piet de drukker bellen", "action", None, None, "de drukker bellen", ["@piet"]),
    ("ACTIE @Piet van der Berg de drukker bellen", "action", None, None, "de drukker bellen",
     ["@Piet van der Berg"]),
    ("ACTIE @info@drukkerij.nl proef aanvragen", "action", None, None, "proef aanvragen",
     ["@info@drukkerij.nl"]),
    ("ACTIE de drukker bellen vóór vrijdag", "action", None, d(3, 5), "de drukker bellen", ["@"]),
    # -- dates that are wrong or not understood --
    ("ACTIE @inge subsidie aanvragen, uiterlijk 15-01-2020",
     "action", INGE, d(1, 15, 2020), "subsidie aanvragen", ["15-01-2020"]),
    ("ACTIE @inge stukken klaarzetten uiterlijk 31 februari",
     "action", INGE, None, "stukken klaarzetten uiterlijk 31 februari", None),
    ("ACTIE @inge planning maken vóór sint-juttemis",
     "action", INGE, None, "planning maken vóór sint-juttemis", None),
    # -- "voor" and numbers inside a title stay --
    ("ACTIE @inge offerte voor de drukker", "action", INGE, None, "offerte voor de drukker", None),
    ("ACTIE @inge nalezen hoofdstuk 2-3", "action", INGE, None, "nalezen hoofdstuk 2-3", None),
    ("ACTIE @inge kosten verdelen 50/50", "action", INGE, None, "kosten verdelen 50/50", None),
    ("ACTIE @inge notulen rondsturen van 15 maart",
     "action", INGE, None, "notulen rondsturen van 15 maart", None),
    # -- decisions and ideas --
    ("BESLUIT: de contributie blijft gelijk", "decision", None, None,
     "de contributie blijft gelijk", None),
    ("* Besluit de beurs gaat door op 12 mei", "decision", None, None,
     "de beurs gaat door op 12 mei", None),
    ("DECISION: we publish the minutes in English too", "decision", None, None,
     "we publish the minutes in English too", None),
    ("BESLUIT de nieuwe penningmeester is @inge", "decision", INGE, None,
     "de nieuwe penningmeester is @inge", None),
    ("IDEE @inge: samenwerken met de Hanzehogeschool", "idea", INGE, None,
     "samenwerken met de Hanzehogeschool", None),
    ("Idee: een excursie naar de vlasfabriek", "idea", None, None,
     "een excursie naar de vlasfabriek", None),
    ("- IDEA @nobody a shared booth at the fair", "idea", None, None,
     "a shared booth at the fair", None),
    ("- [ ] BESLUIT we stoppen met de nieuwsbrief", "decision", None, None,
     "we stoppen met de nieuwsbrief", None),
]  # fmt: skip


@pytest.mark.parametrize(("line", "kind", "owner", "due", "text", "problem"), LINES)
def test_a_line_as_written_gives_its_kind_owner_due_date_and_text(
    line, kind, owner, due, text, problem
):
    found = parse(line)
    assert (found.kind, found.owner, found.due, found.text) == (kind, owner, due, text)
    assert found.line == 1 and found.source == line.rstrip()
    if problem is None:
        assert found.ok, found.problems
    else:
        assert not found.ok
        for words in problem:
            assert words in found.problems[0], found.problems


def test_there_are_forty_lines_and_more_in_the_table():
    assert len(LINES) >= 40


def test_an_ambiguous_first_name_names_everyone_it_could_be():
    found = parse("ACTIE @jan offerte nabellen")
    assert found.mention == "@jan"
    assert found.candidates == (JAN_B, JAN_V)
    assert found.problems == [
        said(
            "“%(mention)s” could be more than one person: %(names)s. Write the full name.",
            mention="@jan",
            names="Jan Bakker, Jan de Vries",
        )
    ]


def test_a_first_name_with_the_start_of_a_surname_is_not_taken_for_someone_else():
    """Jan de Vries is a member, Jan de Boer is not: "@Jan de Boer" is neither Jan."""
    found = parse("ACTIE @Jan de Boer offerte nabellen")
    assert found.owner is None
    assert found.mention == "@Jan de Boer"
    assert found.candidates == (JAN_V,)
    assert found.problems == [
        said(
            "“%(mention)s” is no one in this network. Did you mean %(names)s? "
            "Then write the full name.",
            mention="@Jan de Boer",
            names="Jan de Vries",
        )
    ]


def test_only_jan_in_the_network_still_is_not_jan_van_dam():
    people = [JAN_B]
    assert match_owner("@jan", people)[0] == JAN_B
    assert match_owner("@jan de offerte", people)[0] == JAN_B  # "de" is an article here
    for mention in ("@Jan van Dam", "@jan van den berg", "@Jan de", "@Jan Smit"):
        owner, candidates, problem = match_owner(mention, people)
        assert owner is None and candidates == (JAN_B,) and mention in problem, mention
    assert match_owner("@jan: Smit bellen", people)[0] == JAN_B  # the colon ends the name


def test_two_members_of_one_name_are_told_apart_by_their_address():
    twin = Person(9, "Inge Visser", "inge.visser@elders.nl")
    owner, candidates, problem = match_owner("@Inge Visser", [INGE, twin])
    assert owner is None and set(candidates) == {INGE, twin}
    assert problem == said(
        "“%(mention)s” could be more than one person: %(count)d members have this name. "
        "Write their e-mail address.",
        mention="@Inge Visser",
        count=2,
    )
    assert match_owner("@inge.visser@elders.nl", [INGE, twin])[0] == twin


@pytest.mark.parametrize(
    ("mention", "person"),
    [
        ("@inge", INGE),
        ("@Inge:", INGE),
        ("@INGE,", INGE),
        ("@jose", JOSE),
        ("@JOSÉ MARTINS", JOSE),
        ("@jan de vries:", JAN_V),
        ("@anne-marie van 't hof", ANNE),
        ("@s.hoekstra@example.nl.", SASKIA),
        ("@s.hoekstra", SASKIA),  # the part of the address before the @, when no name fits
        ("@Sjoerd", SJOERD),
        ("inge", INGE),  # the @ may be left off when the helper is called directly
    ],
)
def test_match_owner_finds_a_member_by_name_first_name_or_address(mention, person):
    assert match_owner(mention, PEOPLE) == (person, (), "")


def test_a_member_shown_by_address_is_found_by_it():
    nameless = Person(10, "kees@example.nl", "kees@example.nl")
    assert match_owner("@kees@example.nl", [nameless])[0] == nameless
    assert match_owner("@kees", [nameless])[0] == nameless


def test_an_action_without_a_mention_has_a_problem_and_keeps_its_date():
    found = parse("ACTIE de drukker bellen vóór vrijdag")
    assert found.problems == [
        said("This action has no owner: mention a member with @, such as @name.")
    ]
    assert found.due == d(3, 5) and found.due_phrase == "vóór vrijdag"


def test_a_due_date_before_the_meeting_is_a_problem():
    found = parse("ACTIE @inge subsidie aanvragen, uiterlijk 15-01-2020")
    assert found.problems == [
        said("The due date “%(phrase)s” is before the meeting.", phrase="uiterlijk 15-01-2020")
    ]
    assert found.due_phrase == "uiterlijk 15-01-2020"


@pytest.mark.parametrize(
    ("line", "phrase"),
    [
        ("ACTIE @inge stukken klaarzetten uiterlijk 31 februari", "uiterlijk 31 februari"),
        ("ACTIE @inge planning maken vóór sint-juttemis", "vóór sint-juttemis"),
        ("ACTION @tom fix the roof before the rainy season", "before the rainy season"),
    ],
)
def test_a_date_not_understood_is_a_note_and_stays_in_the_text(line, phrase):
    found = parse(line)
    assert found.ok and found.owner is not None
    assert found.due is None and found.due_phrase == ""
    assert phrase in found.text
    assert found.notes == [
        said(
            "“%(phrase)s” is not a date Gilde understands: the words stay in the text and "
            "there is no due date.",
            phrase=phrase,
        )
    ]


def test_before_the_next_meeting_without_one_planned_is_a_note():
    found = parse("ACTIE @inge agenda opstellen vóór de volgende vergadering", next_meeting=None)
    assert found.ok and found.due is None
    assert found.text == "agenda opstellen vóór de volgende vergadering"
    assert found.notes == [
        said(
            "No next meeting is planned, so “%(phrase)s” gives no due date; "
            "the words stay in the text.",
            phrase="vóór de volgende vergadering",
        )
    ]


def test_a_weekday_that_does_not_fit_the_date_is_a_note_and_the_date_counts():
    found = parse("ACTIE @inge stand opbouwen vrijdag 15 maart")  # a Monday
    assert found.due == d(3, 15) and found.ok
    assert found.notes == [
        said(
            "In “%(phrase)s” the day of the week does not match the date; the date counts.",
            phrase="vrijdag 15 maart",
        )
    ]


def test_a_day_just_before_the_meeting_without_a_year_is_next_year_with_a_note():
    found = parse("ACTIE @inge vóór 1 maart het verslag")
    assert found.due == date(2028, 3, 1) and found.text == "het verslag"
    assert found.notes == [
        said(
            "“%(phrase)s” has passed this year, so it is read as %(year)d; write the year "
            "if another was meant.",
            phrase="vóór 1 maart",
            year=2028,
        )
    ]
    long_past = parse_due("15 januari", date(2027, 12, 10))  # at a meeting in December
    assert long_past.due == date(2028, 1, 15) and long_past.note == ""


def test_only_the_first_mention_owns_an_action():
    found = parse("ACTIE @inge en @sjoerd stand opbouwen")
    assert found.owner == INGE and found.text == "en @sjoerd stand opbouwen"
    assert found.notes == [
        said("An action has one owner; “%(mention)s” stays in the text.", mention="@sjoerd")
    ]


def test_an_unknown_mention_on_an_idea_is_a_note_not_a_problem():
    found = parse("- IDEA @nobody a shared booth at the fair")
    assert found.ok and found.owner is None
    unknown = said("“%(mention)s” is not a member of this network.", mention="@nobody")
    assert found.notes == [unknown]


def test_an_empty_action_says_so():
    found = parse("- [ ] @inge")
    assert found.owner == INGE and found.problems == [said("Say what has to be done.")]
    assert parse("BESLUIT:").problems == [said("Say what was decided.")]


@pytest.mark.parametrize(
    "line",
    [
        "Acties van de vorige keer zijn besproken.",
        "Ideeën voor de beurs: zie bijlage",
        "Actieve leden krijgen korting.",
        "Besluitvorming volgt in april.",
        "Idealiter is alles voor de zomer klaar.",
        "Actie-punten staan in de bijlage.",
        "- [x] @inge zaal geboekt",
        "- [X] ACTIE @inge zaal geboekt",
        "## Actie",
        "> ACTIE @inge uit de vorige notulen",
        "| ACTIE | @inge | vrijdag |",
        "Mail naar info@drukker.nl over de ACTIE",
        "TODO @inge iets",
        "[ ] @inge zonder lijstteken",
        "",
        "   ",
    ],
)
def test_lines_that_do_not_start_with_a_keyword_or_open_checkbox_are_prose(line):
    assert parse_minutes(line, people=PEOPLE, meeting_date=MEETING) == []


def test_lines_in_code_fences_are_ignored_and_line_numbers_count_every_line():
    text = "\r\n".join(
        [
            "# Agendapunt 3: beurs",  # 1
            "```",  # 2
            "ACTIE @inge dit is een voorbeeld",  # 3
            "```",  # 4
            "ACTIE @inge stand boeken vrijdag",  # 5
            "  ~~~~ markdown",  # 6
            "BESLUIT niets",  # 7
            "  ~~~",  # 8: shorter than the opening fence, so still inside
            "  ~~~~",  # 9
            "Tekst met ```inline``` code",  # 10: not a fence
            "IDEE een kraam delen",  # 11
            "````",  # 12: never closed
            "ACTIE @inge niet meer",  # 13
        ]
    )
    found = parse_minutes(text, people=PEOPLE, meeting_date=MEETING)
    assert [(f.line, f.kind, f.text) for f in found] == [
        (5, "action", "stand boeken"),
        (11, "idea", "een kraam delen"),
    ]


@pytest.mark.parametrize(
    ("phrase", "meeting", "due"),
    [
        ("vrijdag", date(2027, 3, 5), date(2027, 3, 12)),  # strictly after a Friday meeting
        ("vrijdag a.s.", date(2027, 3, 3), date(2027, 3, 5)),
        ("volgende week", date(2027, 3, 7), date(2027, 3, 12)),  # from a Sunday
        ("next week", date(2027, 3, 8), date(2027, 3, 19)),  # from a Monday
        ("deze week", date(2027, 3, 3), date(2027, 3, 5)),
        ("eind van de week", date(2027, 3, 6), date(2027, 3, 7)),  # Saturday: its Sunday
        ("over een maand", date(2027, 1, 31), date(2027, 2, 28)),
        ("eind van de maand", date(2028, 2, 10), date(2028, 2, 29)),
        ("end of next month", date(2027, 1, 31), date(2027, 2, 28)),
        ("volgende maand", date(2027, 12, 15), date(2028, 1, 31)),
        ("begin volgende maand", date(2027, 3, 3), date(2027, 4, 1)),
        ("eind van het jaar", date(2027, 3, 3), date(2027, 12, 31)),
        ("over 3 werkdagen", date(2027, 3, 5), date(2027, 3, 10)),
        ("in a week", date(2027, 3, 3), date(2027, 3, 10)),
        ("vandaag", date(2027, 3, 3), date(2027, 3, 3)),
        ("overmorgen", date(2027, 3, 3), date(2027, 3, 5)),
        ("29 februari", date(2027, 3, 3), date(2028, 2, 29)),
        ("15 januari", date(2027, 12, 10), date(2028, 1, 15)),
        ("15 maart", date(2027, 3, 15), date(2027, 3, 15)),  # on the day itself
        ("15.03.27", date(2027, 3, 3), date(2027, 3, 15)),
        ("the 20th of March", date(2027, 3, 3), date(2027, 3, 20)),
        ("March 20, 2027", date(2027, 3, 3), date(2027, 3, 20)),
        ("eind maart", date(2027, 3, 3), date(2027, 3, 31)),
        ("medio april", date(2027, 3, 3), date(2027, 4, 15)),
        ("mid-March", date(2027, 4, 3), date(2028, 3, 15)),
        ("week 12", date(2027, 3, 3), date(2027, 3, 26)),
        ("uiterlijk vrijdag 17:00 uur", date(2027, 3, 3), date(2027, 3, 5)),
        ("vrijdagmiddag", date(2027, 3, 3), date(2027, 3, 5)),
        ("t/m 12 maart", date(2027, 3, 3), date(2027, 3, 12)),
        ("no later than March 20", date(2027, 3, 3), date(2027, 3, 20)),
        ("graag vóór vrijdag", date(2027, 3, 3), date(2027, 3, 5)),
    ],
)
def test_due_phrases_relative_to_the_meeting(phrase, meeting, due):
    found = parse_due(phrase, meeting, NEXT)
    assert (found.due, found.phrase, found.text, found.problem) == (due, phrase, "", "")


def test_parse_due_says_where_the_phrase_was():
    text = "offerte opvragen, uiterlijk 15 maart."
    found = parse_due(text, MEETING)
    assert found.due == d(3, 15) and found.phrase == "uiterlijk 15 maart"
    assert text[found.start : found.end].strip(" .") == "uiterlijk 15 maart"
    assert found.text == "offerte opvragen"
    assert parse_due("offerte opvragen", MEETING) == parse_due("offerte opvragen", MEETING)
    assert parse_due("offerte opvragen", MEETING).due is None


# -- never raises, and every line number points at its line -----------------------------

FRAGMENTS = [
    "ACTIE ", "actie: ", "- [ ] ", "- [x] ", "* BESLUIT ", "IDEE - ", "**Actie:** ", "1. ",
    "@inge", "@Jan de ", "@jan", "@s.hoekstra@example.nl", "@", "@@", "vóór ", "uiterlijk ",
    "vrijdag", "15-3", "31 februari", "over twee weken", "eind van de maand", "week 53",
    "volgende vergadering", ", ", ":", "```", "~~~", "\n", "\r\n", "\r", " ", "\u00a0",
    "\u2028", "\x0b", "(", ")", "José ", "’t ", "99/99", "9999-12-31", "over 999 maanden",
]  # fmt: skip
minutes_text = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(FRAGMENTS)), max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=minutes_text,
    meeting=st.dates(),
    following=st.none() | st.dates(),
)
def test_any_text_parses_without_error_and_lines_point_at_their_source(parts, meeting, following):
    text = "".join(parts)
    found = parse_minutes(text, people=PEOPLE, meeting_date=meeting, next_meeting_date=following)
    lines = re.split(r"\r\n|\r|\n", text)
    for item in found:
        assert 1 <= item.line <= len(lines)
        assert lines[item.line - 1].rstrip() == item.source
        assert item.kind in ("action", "decision", "idea")
        assert item.owner is None or item.owner in PEOPLE
        assert item.text == item.text.strip()
        if item.kind != "action":
            assert item.due is None
