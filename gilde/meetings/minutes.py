"""Actions, decisions and ideas in a meeting's minutes, read from the lines a note-taker writes.

Pure Python: no database. The caller passes the meeting's network members as `Person`s,
the meeting's date and the next meeting's date; `parse_minutes` returns one `Found` per
line that is an action, a decision or an idea. Messages in `problems` (the line cannot
become an action as it stands) and `notes` (a warning that does not block) are translated.

Which lines count
-----------------
- Lines are split at ``\\n``, ``\\r\\n`` or ``\\r``, as Markdown does; `Found.line` is
  1-based and `Found.source` is that line without its trailing whitespace.
- A line counts when it starts (after indentation, an optional list marker ``-``, ``*``,
  ``+`` or ``1.``/``1)`` and an optional task-list checkbox) with a keyword: ``ACTIE``,
  ``ACTIEPUNT`` or ``ACTION``; ``BESLUIT`` or ``DECISION``; ``IDEE`` or ``IDEA``. Case does
  not matter; the keyword may be bold (``**Actie:**``) and may be followed by a colon or a
  dash (``Actie -``) or just a space. A word that merely starts with a keyword
  (``Ideeën``, ``Actieve``, ``Actie-punt``) does not count.
- ``- [ ] …`` (an open task-list item) is an action even without a keyword; a keyword
  after the checkbox wins (``- [ ] BESLUIT …`` is a decision). ``- [x] …`` lines are done
  and ignored, whatever follows.
- Lines inside fenced code blocks (````` ``` ````` or ``~~~``, at any indentation; an
  unclosed fence runs to the end) are ignored. Headings, quotes and table rows do not count.

Owners (`match_owner`)
----------------------
- An action needs an owner: the first ``@``-mention on the line, wherever it stands
  (``ACTIE offerte opvragen @Sjoerd Hoekstra vóór vrijdag`` is allowed). A line without a
  mention, or whose mention is unknown or ambiguous, gets a problem. Later mentions stay in
  the text and give a note (an action has one owner). An ``@`` right after a letter, digit,
  dot or ``@`` is part of an e-mail address, not a mention.
- Matching is case- and accent-insensitive (``@inge`` is Inge, ``@Jose`` is José);
  punctuation after a word ends the mention (``@inge:``).
- ``@sjoerd.hoekstra@example.nl`` matches by e-mail address; ``@s.hoekstra`` matches the
  one member whose address starts so, when no name matches.
- Otherwise the longest run of following words that is a member's full name wins
  (``@Jan de Vries bellen`` is Jan de Vries, even when there is also a Jan Bakker). Failing
  that, the first word as a first name: one member by that first name is the owner; more
  than one is ambiguous (all are `candidates`; the message names them and asks for the full
  name). Two members with the same full name are ambiguous too (write the e-mail address).
- No guessing a different person: when the words after a first name start a member's full
  name without completing it (``@Jan de Boer`` while the network has Jan de Vries), or look
  like a surname (a particle such as ``de``/``van`` followed by a capitalised word or
  another particle or nothing; or a capitalised word that is not a date word), the line
  gets a problem naming the members by that first name as candidates. Write ``@Jan:`` or
  the full name. So ``@Inge Offerte opvragen`` asks, ``@inge offerte opvragen`` does not.
- Decisions and ideas need no owner. A mention that matches is recorded as owner (the one
  who raised it); one that does not match gives a note. A mention right after the keyword
  is taken out of their text (``IDEE @inge: …``); one further on stays in it
  (``BESLUIT de nieuwe penningmeester is @inge`` keeps its words).

Due dates (`parse_due`), for actions only, relative to the meeting's date
--------------------------------------------------------------------------
- Weekday names (``vrijdag``, ``friday``, also ``aanstaande``/``deze``/``volgende``/
  ``this``/``next`` before them, ``a.s.`` after) mean the first such day strictly after the
  meeting. ``volgende week vrijdag`` / ``vrijdag volgende week`` is that weekday in the next
  calendar week.
- ``vandaag``/``today``; ``morgen``/``tomorrow``; ``overmorgen``.
- ``volgende week``/``next week`` is the Friday of the next calendar week (Monday to
  Sunday); ``deze week``/``eind van de week`` is the Friday of the meeting's week (its
  Sunday when the meeting is on a weekend).
- ``over``/``binnen``/``in``/``within`` N ``dagen``/``werkdagen``/``weken``/``maanden``
  (N in digits or words: ``twee``, ``two``, ``een``, ``a``): the meeting plus that long;
  working days skip Saturdays and Sundays.
- ``eind van de maand``/``end of the month``: the last day of the meeting's month;
  ``eind van volgende maand`` and ``volgende maand``/``next month``: the last day of the
  next month; ``begin volgende maand``: its first day; ``eind van het jaar``: 31 December.
- ``eind maart``/``end of March`` (last day), ``medio maart``/``mid-March`` (the 15th),
  ``begin maart``/``early March`` (the 1st); ``week 12``: the Friday of ISO week 12.
- ``15 maart``, ``15 mrt``, ``15 March``, ``March 15th``, ``15-3``, ``15/3``,
  ``15-03-2027``, ``15.03.2027``, ``2027-03-15`` (numbers are day-month, the Dutch way): that
  date; without a year the first one on or after the meeting's date (with a note when
  this year's was less than two months before the meeting). A weekday written
  before it (``vrijdag 15 maart``) that does not fit gives a note; the date counts.
- ``vóór de volgende vergadering``/``before the next meeting``: the next meeting's date;
  when none is planned a note, no due date, and the words stay in the text.
- Words absorbed before the phrase: ``vóór``/``voor``, ``uiterlijk``, ``ten laatste``,
  ``deadline``, ``op``, ``tegen``, ``tot (en met)``, ``t/m``, ``by``, ``before``, ``due``,
  ``on``, ``until``, ``no later than``, optionally after ``graag``/``please``. A time after
  the phrase (``om 12:00``, ``17 uur``) is absorbed and ignored.
- Where: first a phrase that ends the line; then one that is a whole comma- or
  semicolon-separated part; then one anywhere after an unmistakable word (``uiterlijk``,
  ``vóór`` with accent, ``deadline``, ``by``, ``before``, …); last one that opens the text
  (``ACTIE @inge morgen de stukken rondsturen``). So ``offerte voor de drukker`` keeps its
  ``voor``. A day-month in bare numbers (``15-3``) is no date after a word that numbers
  things (``hoofdstuk 2-3``, ``pagina 4/5`` stay text), nor when it is no valid date and no
  word like ``uiterlijk`` stands before it (``50/50``). A phrase right after ``van``/
  ``sinds``/``na``/``per``/``from``/``since``/``after`` is not a due date.
- A due date before the meeting's date is a problem. A date-shaped phrase that is no date
  (``uiterlijk 31 februari``) or an unmistakable word followed by words that are not
  understood (``vóór sint-juttemis``) gives a note; the words stay in the text, no due
  date. No date at all is fine (`due` None).
- `Found.text` is the line without keyword, list marker, checkbox, owner mention and
  recognised date phrase with its words before it; `due_phrase` is exactly what was taken
  out for the date (``uiterlijk 15 maart``), empty when nothing was.

Decisions and ideas get no due date: a date in them is part of what was decided.

python-dateutil's relativedelta does the month arithmetic (31 January plus a month is 28
or 29 February). Its parser is not used: it reads a bare ``3`` or ``maart`` as a date, so
the phrases are recognised by the patterns below and only the arithmetic is delegated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

__all__ = ["Due", "Found", "Person", "match_owner", "parse_due", "parse_minutes"]


@dataclass(frozen=True)
class Person:
    """A member of the meeting's network who can own an action."""

    id: int
    name: str  # full name as shown ("Sjoerd Hoekstra")
    email: str


@dataclass
class Found:
    """One line of the minutes that is an action, a decision or an idea."""

    kind: str  # "action" | "decision" | "idea"
    line: int  # 1-based line number in the text
    source: str  # the line as written, without trailing whitespace
    text: str  # the title / decision / idea, without keyword, mention and date phrase
    mention: str = ""  # the @-mention as written, e.g. "@inge"
    owner: Person | None = None
    candidates: tuple[Person, ...] = ()  # when ambiguous: everyone it could be
    due: date | None = None
    due_phrase: str = ""  # the date phrase as written, with its "vóór"/"uiterlijk"/"by"
    problems: list[str] = field(default_factory=list)  # why it cannot become an action yet
    notes: list[str] = field(default_factory=list)  # warnings that do not block

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Due:
    """The due-date phrase found in a text: its date, where it stands, and what was wrong."""

    due: date | None = None
    phrase: str = ""  # as written, with the words before it ("uiterlijk 15 maart")
    start: int = -1  # span of `phrase` in the text parsed; -1 when none was taken out
    end: int = -1
    text: str = ""  # the text without the phrase, tidied
    problem: str = ""
    note: str = ""


# -- words ------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """Compare form of a word or name: accents off, case folded, curly apostrophes straight."""
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


WEEKDAYS = {
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5,
    "zondag": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
# Abbreviations only count right before a date ("vr 15 mrt"): alone, "do" and "zo" are words.
WEEKDAY_ABBREVIATIONS = {
    "ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6, "mon": 0, "tue": 1,
    "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "maart": 3,
    "march": 3, "mrt": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6,
    "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "augustus": 8, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
NUMBERS = {
    "een": 1, "a": 1, "an": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3, "vier": 4,
    "four": 4, "vijf": 5, "five": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7, "acht": 8,
    "eight": 8, "negen": 9, "nine": 9, "tien": 10, "ten": 10, "elf": 11, "eleven": 11,
    "twaalf": 12, "twelve": 12,
}  # fmt: skip


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Parts of Dutch (and a few other) surnames: after a first name they mean a longer name.
PARTICLES = _wordset("van de der den het 't ter ten te la le du di da del della von zu vd v/d")
# Capitalised words after a first name that are date words or start a sentence, not surnames.
DATE_WORDS = frozenset(fold(w) for w in [*WEEKDAYS, *MONTHS]) | _wordset(
    """vandaag morgen overmorgen volgende komende aanstaande deze over binnen eind einde
    begin medio half uiterlijk deadline voor op tegen tot graag ten week today tomorrow
    next this coming in within end by before on due until till please
    the a an and or to for om en of ik we wij hij zij het een i"""
)


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_WD = _alternation(list(WEEKDAYS))
_WD_ANY = _alternation([*WEEKDAYS, *WEEKDAY_ABBREVIATIONS])
_MONTH = _alternation(list(MONTHS))
_NUM = r"\d{1,3}|[eé][eé]n|" + _alternation([w for w in NUMBERS if w != "een"])
_UNIT = (
    r"werkdagen|werkdag|dagen|dag|weken|week|maanden|maand|working\s+days?|business\s+days?"
    r"|days?|weeks?|months?"
)
_THE = r"(?:(?:aan\s+|op\s+)?het\s+|the\s+)?"
_END = r"(?:eind|einde|end)\s+(?:van\s+|of\s+)?"
_NEXT = r"(?:volgende|komende|next)"

# One alternative per kind of phrase; the group names tell `_resolve` which one matched.
_DATE = rf"""
(?:(?P<pwd>{_WD_ANY})\.?,?\s+(?=(?:de\s+|the\s+)?\d|(?:{_MONTH})\b))?
(?:
  (?P<nextmeeting>(?:de\s+|het\s+|the\s+)?(?:{_NEXT}|eerstvolgende)\s+
     (?:vergadering|bijeenkomst|overleg|bespreking|meeting))
| {_NEXT}\s+week\s+(?P<nwwd>{_WD})
| (?:(?:aanstaande|komende|deze|volgende|this|coming|next)\s+)?(?P<wd>{_WD})
     (?:ochtend|middag|avond|morgen)?
     (?:\s+(?P<wd_nw>{_NEXT}\s+week|of\s+next\s+week))?
     (?:\s+a\.s\.?)?
     (?:\s+(?:ochtend|middag|avond|morgen|morning|afternoon|evening))?
| (?P<overmorrow>overmorgen|(?:the\s+)?day\s+after\s+tomorrow)
| (?P<tomorrow>morgen|tomorrow)
| (?P<today>vandaag|today)
| (?P<nextweek>{_NEXT}\s+week|(?:de\s+)?week\s+(?:daarna|erna)|the\s+week\s+after)
| (?P<thisweek>deze\s+week|this\s+week|{_THE}{_END}(?:de\s+|deze\s+|the\s+|this\s+)?week)
| (?:over|binnen|in|within)\s+(?P<rel_n>{_NUM})\s+(?P<rel_unit>{_UNIT})
| (?P<eonm>{_THE}{_END}(?:de\s+|the\s+)?{_NEXT}\s+(?:maand|month))
| (?P<eom>{_THE}{_END}(?:de\s+|deze\s+|the\s+|this\s+)?(?:maand|month)|month[\s-]end)
| (?P<bonm>{_THE}(?:begin|start|beginning)\s+(?:van\s+|of\s+)?(?:de\s+|the\s+)?{_NEXT}\s+
     (?:maand|month)|early\s+next\s+month)
| (?P<nextmonth>{_NEXT}\s+(?:maand|month))
| (?P<eoy>{_THE}{_END}(?:het\s+|dit\s+|the\s+|this\s+)?(?:jaar|year)|year[\s-]end)
| (?P<mp_part>{_THE}(?:eind|einde|end\s+of|begin|start\s+of|beginning\s+of|medio|half|midden
     |mid-|mid|early|late))\s*(?P<mp_m>{_MONTH})\b\.?(?:\s+(?P<mp_y>\d{{4}}))?
| (?:week|wk)\.?\s*(?P<wk_n>\d{{1,2}})(?:\s+(?P<wk_y>\d{{4}}))?
| (?:de\s+|the\s+)?(?P<dm_d>\d{{1,2}})(?:ste|de|e|st|nd|rd|th)?\.?\s+(?:of\s+)?
     (?P<dm_m>{_MONTH})\b\.?(?:,?\s+(?P<dm_y>\d{{4}}))?
| (?P<md_m>{_MONTH})\.?\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<md_y>\d{{4}}))?
| (?P<iso_y>\d{{4}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})
| (?P<num_d>\d{{1,2}})(?P<num_sep>[-/])(?P<num_m>\d{{1,2}})(?:(?P=num_sep)(?P<num_y>\d{{4}}|\d{{2}}))?
| (?P<dot_d>\d{{1,2}})\.(?P<dot_m>\d{{1,2}})\.(?P<dot_y>\d{{4}}|\d{{2}})
)
(?:,?\s+(?:om\s+|at\s+)?(?:\d{{1,2}}[:.]\d{{2}}(?:\s*(?:uur|u|h|am|pm)\b)?|\d{{1,2}}\s*(?:uur|u|h|am|pm)\b))?
"""  # noqa: E501 - one alternative per line reads best
_PREFIX_WORD = (
    r"uiterlijk|ten\s+laatste|v[oóò][oóò]r|deadline|due(?:\s+date)?|op|tegen|tot\s+en\s+met"
    r"|t/m|tot|by|before|on|until|till|no\s+later\s+than|niet\s+later\s+dan"
)
# Words that say "a due date follows" wherever they stand: plain "voor" ("for") does not.
_STRONG_WORD = (
    r"uiterlijk|ten\s+laatste|v(?:[óò][oóò]|o[óò])r|deadline|due(?:\s+date)?|by|before|until"
    r"|no\s+later\s+than|niet\s+later\s+dan|tot\s+en\s+met|t/m"
)
_UNKNOWN_WORD = (
    r"uiterlijk|ten\s+laatste|v(?:[óò][oóò]|o[óò])r|deadline|due(?:\s+date)?|before"
    r"|no\s+later\s+than|niet\s+later\s+dan"
)
_SEP = r"(?>\s*:\s*|\s+)"  # atomic: " : " is one separator, not two tries
# Bounded repetitions keep a line of a thousand "vóór"s linear (see `_WINDOW` too).
_PREFIX = rf"(?:(?:graag|liefst|please)\s+)?(?:(?:{_PREFIX_WORD}){_SEP}){{1,4}}"
_START = r"(?:^|(?<=[\s,;:(\[–—-]))"
_FLAGS = re.IGNORECASE | re.VERBOSE
_AT_END = re.compile(rf"{_START}(?P<prefix>{_PREFIX})?(?P<date>{_DATE})[\s.!?)\]]*+$", _FLAGS)
_WHOLE = re.compile(rf"\s*+(?P<prefix>{_PREFIX})?(?P<date>{_DATE})[\s.!?)\]]*+", _FLAGS)
_ANYWHERE = re.compile(
    rf"{_START}(?P<prefix>(?:{_STRONG_WORD}){_SEP}(?:(?:{_PREFIX_WORD}){_SEP}){{0,3}})"
    rf"(?P<date>{_DATE})(?=[\s,.;:!?)\]]|$)",
    _FLAGS,
)
_AT_START = re.compile(
    rf"[\s,;:–—-]*+(?P<prefix>{_PREFIX})?(?P<date>{_DATE})(?=[\s,.;:!?)\]]|$)", _FLAGS
)
_NOT_UNDERSTOOD = re.compile(
    rf"{_START}(?P<phrase>(?:{_UNKNOWN_WORD}){_SEP}\S+(?:\s+\S+){{0,2}}?)[\s.!?)\]]*$", _FLAGS
)
_SEGMENT_BREAK = re.compile(r"[,;]")
_SPACE = re.compile(r"\s")
# No due-date phrase with the words before it is longer than this: the search at the end
# of a line looks at its last so many characters only.
_WINDOW = 160
# A phrase right after these is when something started or happened, not a due date.
_NOT_DUE_AFTER = _wordset("van sinds vanaf na per from since after of")
_ARTICLES = _wordset("het de 't the een a 'n")
# Words that number things: "hoofdstuk 2-3" is no date.
_NUMBERED = _wordset(
    """hoofdstuk hoofdstukken hfst h pagina paginas pag blz p pp artikel art punt punten
    agendapunt agendapunten item items nr nummer nummers versie v tabel figuur bijlage
    chapter chapters page pages section sections version table figure appendix no score uitslag
    kamer zaal lokaal"""
)


# -- due dates --------------------------------------------------------------------------


# A day-month without a year up to this many days before the meeting is more likely a slip
# than a deadline almost a year ahead: it gets a note.
JUST_PASSED_DAYS = 60


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _on_or_after(month: int, day: int, start: date) -> date | None:
    """The first `day`-`month` on or after `start` (a 29 February may be years away)."""
    for year in range(start.year, start.year + 9):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= start:
            return found
    return None


def _add_working_days(start: date, days: int) -> date:
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def _month_part(part: str, month: int, year: int) -> date:
    word = fold(part).split()[-1]
    if word in ("eind", "einde", "of", "late"):  # "end of" leaves "of"
        return date(year, month, 1) + relativedelta(day=31)
    if word in ("medio", "half", "midden", "mid-", "mid"):
        return date(year, month, 15)
    return date(year, month, 1)


def _resolve(m: re.Match[str], meeting: date, following: date | None) -> date | str:
    """The date a matched phrase stands for; "invalid" or "no-next" when there is none."""
    g = m.groupdict()
    if g["nextmeeting"]:
        return following if following else "no-next"
    if g["nwwd"] or (g["wd"] and g["wd_nw"]):
        monday = meeting + timedelta(days=7 - meeting.weekday())
        return monday + timedelta(days=WEEKDAYS[fold(g["nwwd"] or g["wd"])])
    if g["wd"]:
        ahead = (WEEKDAYS[fold(g["wd"])] - meeting.weekday()) % 7 or 7
        return meeting + timedelta(days=ahead)
    if g["overmorrow"]:
        return meeting + timedelta(days=2)
    if g["tomorrow"]:
        return meeting + timedelta(days=1)
    if g["today"]:
        return meeting
    if g["nextweek"]:
        return meeting + timedelta(days=7 - meeting.weekday() + 4)
    if g["thisweek"]:
        friday = meeting + timedelta(days=4 - meeting.weekday())
        return friday if friday >= meeting else meeting + timedelta(days=6 - meeting.weekday())
    if g["rel_n"]:
        word = fold(g["rel_n"])
        n = int(word) if word.isdigit() else NUMBERS[word]
        unit = fold(g["rel_unit"])
        if unit.startswith(("werk", "working", "business")):
            return _add_working_days(meeting, n)
        if unit.startswith("dag") or unit.startswith("day"):
            return meeting + timedelta(days=n)
        if unit.startswith("we"):
            return meeting + timedelta(weeks=n)
        return meeting + relativedelta(months=n)
    if g["eonm"] or g["nextmonth"]:
        return meeting + relativedelta(months=1, day=31)
    if g["eom"]:
        return meeting + relativedelta(day=31)
    if g["bonm"]:
        return meeting + relativedelta(months=1, day=1)
    if g["eoy"]:
        return date(meeting.year, 12, 31)
    if g["mp_m"]:
        named = MONTHS[fold(g["mp_m"])]
        if g["mp_y"]:
            return _month_part(g["mp_part"], named, int(g["mp_y"]))
        found = _month_part(g["mp_part"], named, meeting.year)
        return found if found >= meeting else _month_part(g["mp_part"], named, meeting.year + 1)
    if g["wk_n"]:
        try:
            in_year = int(g["wk_y"] or meeting.year)
            found = date.fromisocalendar(in_year, int(g["wk_n"]), 5)
            if not g["wk_y"] and found < meeting:
                found = date.fromisocalendar(in_year + 1, int(g["wk_n"]), 5)
        except ValueError:
            return "invalid"
        return found
    written: tuple[str, str, str | None]  # day, month, year as written
    if g["iso_y"]:
        written = (g["iso_d"], g["iso_m"], g["iso_y"])
    elif g["dot_d"]:
        written = (g["dot_d"], g["dot_m"], g["dot_y"])
    elif g["num_d"]:
        written = (g["num_d"], g["num_m"], g["num_y"])
    elif g["dm_d"]:
        written = (g["dm_d"], str(MONTHS[fold(g["dm_m"])]), g["dm_y"])
    else:
        written = (g["md_d"], str(MONTHS[fold(g["md_m"])]), g["md_y"])
    day, month, year = written
    try:
        if year:
            return date(_year(year), int(month), int(day))
        on_or_after = _on_or_after(int(month), int(day), meeting)
    except ValueError:
        return "invalid"
    return on_or_after or "invalid"


def _word_before(text: str, end: int) -> str | None:
    """The word before position `end` (its last 60 characters: enough to recognise it)."""
    words = text[max(0, end - 60) : end].split()
    return words[-1] if words else None


def _fits_context(text: str, m: re.Match[str]) -> bool:
    """Whether a phrase found without a word before it stands where a due date would."""
    if m.group("prefix"):
        return True
    before = _word_before(text, m.start())
    if before is None:
        return True
    if fold(before) in _NOT_DUE_AFTER:
        return False
    if m.group("num_d") and not m.group("num_y"):
        # "hoofdstuk 2-3", "pagina 12/4": bare numbers after such a word are no date.
        return fold(before).rstrip(".") not in _NUMBERED
    return True


def _window(text: str) -> int:
    """Where the last `_WINDOW` characters of `text` start, at the start of a word."""
    if len(text) <= _WINDOW:
        return 0
    space = _SPACE.search(text, len(text) - _WINDOW)
    return space.end() if space else len(text)


def _candidates(text: str) -> Iterator[re.Match[str]]:
    """Date phrases in the order they are believed: at the end, a whole part, after an
    unmistakable word, at the start."""
    at_end = _AT_END.search(text, _window(text))
    if at_end and _fits_context(text, at_end):
        yield at_end
    breaks = [b.start() for b in _SEGMENT_BREAK.finditer(text)]
    bounds = list(zip([-1, *breaks], [*breaks, len(text)], strict=True))
    for start, end in reversed(bounds[:-1]):
        if end - start > _WINDOW:
            continue
        whole = _WHOLE.fullmatch(text, start + 1, end)
        if whole and _fits_context(text, whole):
            yield whole
    anywhere = _ANYWHERE.search(text)
    if anywhere:
        yield anywhere
    # "ACTIE @inge morgen de stukken rondsturen": right after the owner, but not "2-3 stoelen".
    at_start = _AT_START.match(text)
    if at_start and (at_start.group("prefix") or not at_start.group("num_d")):
        yield at_start


def tidy(text: str) -> str:
    """One space between words, and no punctuation left dangling at either end."""
    text = " ".join(text.split())
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    text = re.sub(r"\s+([,;:.!?)])", r"\1", text)
    # str.strip, not a regex anchored at the end: that would be quadratic on ",,,,,".
    return " ".join(text.lstrip(" ,;:–—-").rstrip(" ,;:–—(-").split())


def parse_due(text: str, meeting_date: date, next_meeting_date: date | None = None) -> Due:
    """Find the due date in `text` (an action's line or just a phrase), relative to the
    meeting's date; see the module docstring for the phrases and where they are looked for."""
    for m in _candidates(text):
        try:
            resolved = _resolve(m, meeting_date, next_meeting_date)
        except (OverflowError, ValueError):  # "over 999 maanden" from a meeting in 9999
            resolved = "invalid"
        phrase = _without_full_stop(text[m.start() : m.end("date")].strip())
        if resolved == "invalid":
            if m.group("num_d") and not m.group("prefix"):
                continue  # "50/50" or "3/4 van de leden" is not a date that went wrong
            return Due(text=tidy(text), note=_not_understood(phrase))
        if resolved == "no-next":
            return Due(
                text=tidy(text),
                note=_(
                    "No next meeting is planned, so “%(phrase)s” gives no due date; "
                    "the words stay in the text."
                )
                % {"phrase": phrase},
            )
        assert isinstance(resolved, date)
        start, end = m.start(), m.end()
        rest = tidy(text[:start] + " " + text[end:])
        problem = note = ""
        if resolved < meeting_date:
            problem = _("The due date “%(phrase)s” is before the meeting.") % {"phrase": phrase}
        elif _just_passed(m, resolved, meeting_date):
            note = _(
                "“%(phrase)s” has passed this year, so it is read as %(year)d; write the year "
                "if another was meant."
            ) % {"phrase": phrase, "year": resolved.year}
        written = m.group("pwd")
        if written:
            named = WEEKDAYS.get(fold(written), WEEKDAY_ABBREVIATIONS.get(fold(written)))
            if named != resolved.weekday():
                note += " " if note else ""
                note += _(
                    "In “%(phrase)s” the day of the week does not match the date; the date counts."
                ) % {"phrase": phrase}
        return Due(resolved, phrase, start, end, rest, problem, note)
    unknown = _NOT_UNDERSTOOD.search(text, _window(text))
    if unknown:
        before = _word_before(text, unknown.start())
        if before is None or fold(before) not in _ARTICLES:
            return Due(text=tidy(text), note=_not_understood(unknown.group("phrase")))
    return Due(text=tidy(text))


_ABBREVIATED = frozenset(w for w in [*MONTHS, *WEEKDAY_ABBREVIATIONS] if len(w) <= 4) | {"a.s"}


def _without_full_stop(phrase: str) -> str:
    """The phrase without a full stop that ends the sentence ("15 maart."), but with one
    that ends an abbreviation ("15 mrt.", "vrijdag a.s.")."""
    words = phrase[:-1].split()
    if phrase.endswith(".") and words and fold(words[-1]) not in _ABBREVIATED:
        return phrase[:-1]
    return phrase


def _just_passed(m: re.Match[str], resolved: date, meeting: date) -> bool:
    """Whether a date written without a year was moved to next year although this year's
    was only weeks before the meeting ("vóór 1 maart" at a meeting on 3 March)."""
    g = m.groupdict()
    written = g["dm_d"] or g["md_d"] or (g["num_d"] and not g["num_y"]) or g["mp_m"] or g["wk_n"]
    if not written or g["dm_y"] or g["md_y"] or g["mp_y"] or g["wk_y"]:
        return False
    if resolved.year == meeting.year:
        return False
    try:
        this_year = resolved.replace(year=meeting.year)
    except ValueError:  # 29 February
        return False
    return this_year < meeting and (meeting - this_year).days <= JUST_PASSED_DAYS


def _not_understood(phrase: str) -> str:
    return _(
        "“%(phrase)s” is not a date Gilde understands: the words stay in the text and "
        "there is no due date."
    ) % {"phrase": phrase}


# -- owners -----------------------------------------------------------------------------

_TRAILING = ":,;.!?)]}\"'”’»"
_TOKEN = re.compile(r"\S+")
_MENTION = re.compile(r"(?<![\w@.])@(?=\w)")


@dataclass(frozen=True)
class _Word:
    start: int
    core: str  # without trailing punctuation
    folded: str
    stops: bool  # punctuation after it ends the mention
    raw_end: int

    @property
    def titlecase(self) -> bool:
        """Looks like a surname: "Boer", "McDonald"; not "LCA-rapport", "X" or a date word."""
        core = self.core
        return (
            len(core) > 1
            and core[0].isupper()
            and core[1].islower()
            and core.replace("-", "").replace("'", "").isalpha()
            and self.folded not in DATE_WORDS
        )


def _words(text: str, start: int, limit: int) -> list[_Word]:
    words: list[_Word] = []
    for m in _TOKEN.finditer(text, start):
        raw = m.group()
        if words and raw.startswith("@"):
            break
        core = raw.rstrip(_TRAILING)
        # "J. de Vries": a dot after one letter is an initial, not the end of the name.
        if raw[len(core) :] == "." and len(core) == 1:
            core = raw
        if not core:
            break
        stops = len(core) < len(raw)
        words.append(_Word(m.start(), core, fold(core), stops, m.end()))
        if stops or len(words) >= limit:
            break
    return words


@dataclass(frozen=True)
class _Owner:
    words: int  # how many words the mention took
    person: Person | None = None
    candidates: tuple[Person, ...] = ()
    problem: str = ""


def _by_name(people: Sequence[Person]) -> tuple[Person, ...]:
    return tuple(sorted(people, key=lambda p: (fold(p.name), p.id)))


def _names(people: Sequence[Person]) -> str:
    return ", ".join(p.name for p in people)


class Directory:
    """The network's members indexed for mentions: by full name, first name and e-mail."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.full: dict[tuple[str, ...], list[Person]] = {}
        self.starting: dict[tuple[str, ...], list[Person]] = {}  # by a part of a full name
        self.first: dict[str, list[Person]] = {}
        self.email: dict[str, list[Person]] = {}
        self.local: dict[str, list[Person]] = {}
        self.longest = 1
        for person in dict.fromkeys(people):
            address = person.email.strip().casefold()
            if address:
                self.email.setdefault(address, []).append(person)
                self.local.setdefault(address.split("@")[0], []).append(person)
            # A member without a name is shown by address: no name to match then.
            if "@" in person.name:
                continue
            words = tuple(fold(w.rstrip(",")) for w in person.name.split())
            if not words:
                continue
            self.full.setdefault(words, []).append(person)
            self.first.setdefault(words[0], []).append(person)
            self.longest = max(self.longest, len(words))
            for n in range(1, len(words)):
                self.starting.setdefault(words[:n], []).append(person)

    def match(self, text: str, at: int) -> _Owner:
        """Resolve the mention whose "@" is at `at` in `text`."""
        words = _words(text, at + 1, self.longest + 4)
        if not words:
            return _Owner(0, problem=self._unknown("@"))
        head = words[0]
        if "@" in head.core:
            found = self.email.get(head.core.casefold(), [])
            if len(found) == 1:
                return _Owner(1, found[0])
            return _Owner(1, problem=self._unknown_address(text, at, words[:1]))
        # The longest run of words that is someone's full name; and how far a name went.
        best = 0
        went = 0
        run: tuple[str, ...] = ()
        for i, word in enumerate(words[: self.longest]):
            run = (*run, word.folded)
            if run in self.full:
                best = i + 1
            if run in self.starting:
                went = i + 1
            elif run not in self.full:
                break
            if word.stops:
                break
        first = self.first.get(head.folded, [])
        if best:
            found = self.full[tuple(w.folded for w in words[:best])]
            if best == 1:  # a one-word name is also someone else's first name
                found = list(dict.fromkeys([*found, *first]))
            if len(found) == 1:
                return _Owner(best, found[0])
            return self._ambiguous(text, at, words[:best], found)
        if first:
            taken = self._surname_after(words)
            if went >= 2 or taken:
                shown = words[: max(went + 1, 1 + taken)]
                mention = self._shown(text, at, shown)
                # "@Jan de Boer" suggests the members whose name starts "Jan de".
                meant = _by_name(
                    self.starting[tuple(w.folded for w in words[:went])] if went >= 2 else first
                )
                return _Owner(
                    len(shown),
                    candidates=meant,
                    problem=_(
                        "“%(mention)s” is no one in this network. Did you mean %(names)s? "
                        "Then write the full name."
                    )
                    % {"mention": mention, "names": _names(meant)},
                )
            if len(first) == 1:
                return _Owner(1, first[0])
            return self._ambiguous(text, at, words[:1], first)
        local = self.local.get(head.core.casefold(), [])
        if len(local) == 1:
            return _Owner(1, local[0])
        shown = words[: 1 + self._surname_after(words)]
        return _Owner(len(shown), problem=self._unknown(self._shown(text, at, shown)))

    @staticmethod
    def _surname_after(words: list[_Word]) -> int:
        """How many words after a first name look like the rest of a name (0 when none do):
        particles followed by a capitalised word, by nothing or by more particles
        ("@Jan de Boer", "@Jan de", "@jan van den berg"), or a capitalised word ("@Piet Smit")."""
        if words[0].stops or len(words) < 2:
            return 0
        particles = 0
        while 1 + particles < len(words) and particles < 3:
            word = words[1 + particles]
            if word.folded not in PARTICLES:
                break
            particles += 1
            if word.stops:
                break
        if particles:
            last = words[particles]
            following = None if last.stops or 1 + particles >= len(words) else words[1 + particles]
            if following is None:
                return particles
            if following.titlecase or particles >= 2:
                return particles + 1
            return 0
        return 1 if words[1].titlecase else 0

    @staticmethod
    def _shown(text: str, at: int, words: list[_Word]) -> str:
        last = words[-1]
        return text[at : last.start + len(last.core)]

    def _ambiguous(self, text: str, at: int, words: list[_Word], found: list[Person]) -> _Owner:
        people = _by_name(found)
        mention = self._shown(text, at, words)
        if len({fold(p.name) for p in people}) == 1:  # only the address tells them apart
            problem = _(
                "“%(mention)s” could be more than one person: %(count)d members have this "
                "name. Write their e-mail address."
            ) % {"mention": mention, "count": len(people)}
        else:
            problem = _(
                "“%(mention)s” could be more than one person: %(names)s. Write the full name."
            ) % {"mention": mention, "names": _names(people)}
        return _Owner(len(words), candidates=people, problem=problem)

    @staticmethod
    def _unknown(mention: str) -> str:
        return _("“%(mention)s” is not a member of this network.") % {"mention": mention}

    def _unknown_address(self, text: str, at: int, words: list[_Word]) -> str:
        return _("“%(mention)s” is not the e-mail address of a member of this network.") % {
            "mention": self._shown(text, at, words)
        }


def match_owner(
    mention: str, people: Sequence[Person] | Directory
) -> tuple[Person | None, tuple[Person, ...], str]:
    """Who `mention` ("@inge", "@Jan de Vries", "@s.hoekstra@example.nl") is among `people`:
    (the person or None, the candidates when ambiguous, the problem or "")."""
    directory = people if isinstance(people, Directory) else Directory(people)
    text = mention.strip()
    if not text.startswith("@"):
        text = "@" + text
    owner = directory.match(text, 0)
    return owner.person, owner.candidates, owner.problem


# -- lines ------------------------------------------------------------------------------

_LINES = re.compile(r"\r\n|\r|\n")
_FENCE = re.compile(r"\s*(`{3,}|~{3,})(.*)")
_LEAD = re.compile(
    r"""\s*
    (?:(?:[-*+]|\d{1,3}[.)])\s+(?:\[(?P<box>[ xX])\](?:\s+|$))?)?
    (?:
      (?P<emph>\*\*|__|\*|_)?
      (?P<keyword>actiepunt|actie|action|besluit|decision|idee|idea)
      (?:\s*:)?
      (?(emph)(?P=emph))
      (?:\s*:|\s*[-–—](?=\s|$)|(?=\s|$))
    )?
    \s*""",
    re.IGNORECASE | re.VERBOSE,
)
KINDS = {
    "actie": "action", "actiepunt": "action", "action": "action", "besluit": "decision",
    "decision": "decision", "idee": "idea", "idea": "idea",
}  # fmt: skip


def parse_minutes(
    text: str,
    *,
    people: Sequence[Person],
    meeting_date: date,
    next_meeting_date: date | None = None,
) -> list[Found]:
    """Every action, decision and idea in `text` (one agenda item's minutes, Markdown), in
    order of their lines; see the module docstring for the rules."""
    directory = Directory(people)
    found: list[Found] = []
    fence: tuple[str, int] | None = None
    for number, line in enumerate(_LINES.split(text), 1):
        opening = _FENCE.match(line)
        if fence:
            if (
                opening
                and opening.group(1)[0] == fence[0]
                and len(opening.group(1)) >= fence[1]
                and not opening.group(2).strip()
            ):
                fence = None
            continue
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            fence = (opening.group(1)[0], len(opening.group(1)))
            continue
        lead = _LEAD.match(line)
        if lead is None:  # pragma: no cover - every part of the pattern is optional
            continue
        box, keyword = lead.group("box"), lead.group("keyword")
        if box in ("x", "X") or (box is None and keyword is None):
            continue
        kind = KINDS[keyword.lower()] if keyword else "action"
        found.append(
            _read(
                kind, number, line, line[lead.end() :], directory, meeting_date, next_meeting_date
            )
        )
    return found


def _read(
    kind: str,
    number: int,
    line: str,
    body: str,
    directory: Directory,
    meeting_date: date,
    next_meeting_date: date | None,
) -> Found:
    """One line that counts, with the keyword and list marker already off (`body`)."""
    item = Found(kind=kind, line=number, source=line.rstrip(), text="")
    first = _MENTION.search(body)
    owner: _Owner | None = None
    if first:
        at = first.start()
        owner = directory.match(body, at)
        words = _words(body, at + 1, owner.words) if owner.words else []
        end = words[-1].raw_end if words else at + 1
        if owner.words:
            item.mention = body[at : words[-1].start + len(words[-1].core)]
        else:
            item.mention = "@"
        item.owner, item.candidates = owner.person, owner.candidates
        later = _MENTION.search(body, end) if kind == "action" else None
        if later:  # one note is enough, however many more there are
            shown = _words(body, later.start() + 1, 1)
            item.notes.append(
                _("An action has one owner; “%(mention)s” stays in the text.")
                % {"mention": "@" + shown[0].core if shown else "@"}
            )
        if kind == "action" or not body[:at].strip():
            start = at - 1 if at and body[at - 1] == "(" and body[end - 1 : end] == ")" else at
            body = body[:start] + " " + body[end:]
    if kind == "action":
        if owner is None:
            item.problems.append(
                _("This action has no owner: mention a member with @, such as @name.")
            )
        elif owner.problem:
            item.problems.append(owner.problem)
        due = parse_due(body, meeting_date, next_meeting_date)
        item.text = due.text
        item.due, item.due_phrase = due.due, due.phrase
        if due.problem:
            item.problems.append(due.problem)
        if due.note:
            item.notes.append(due.note)
    else:
        if owner is not None and owner.problem:
            item.notes.append(owner.problem)
        item.text = tidy(body)
    if not item.text:
        item.problems.append(
            {
                "action": _("Say what has to be done."),
                "decision": _("Say what was decided."),
                "idea": _("Say what the idea is."),
            }[kind]
        )
    return item
