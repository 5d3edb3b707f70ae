"""What reading a meeting's minutes for actions costs: `gilde.meetings.minutes.parse_minutes`.

    .venv/bin/python bench/minutes.py                # 200 parses, figures printed
    .venv/bin/python bench/minutes.py --runs 1000    # more parses
    .venv/bin/python bench/minutes.py --json         # and written to bench/results/minutes.json

It builds one agenda item's minutes as a note-taker writes them: 200 lines, of which about
40 are ACTIE/ACTION, BESLUIT/DECISION and IDEE/IDEA lines or open checkboxes (owners by
first name, full name, e-mail, some ambiguous or unknown; due dates in Dutch and English,
some not understood) and the rest prose, headings, blank lines, list items and a code
block; and a network of 60 members, some sharing a first name. Then it parses the same
text `--runs` times (the members' index is built inside every parse, as the pages do) and
reports the median and the 95th percentile in milliseconds per parse. The parser touches
no database; Django is set up only for its translations (Dutch, as the tests run). The
target is under 50 ms per parse of 200 lines.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "minutes.json"
LINES = 200
MEMBERS = 60
MEETING = date(2027, 3, 3)
NEXT_MEETING = date(2027, 4, 7)


def _listed(text: str, sep: str | None = None) -> list[str]:
    return [word.strip() for word in text.split(sep)]


FIRST = _listed("""Sjoerd Inge Jan Anke Bert Gea Otto José Marieke Pieter Femke Wouter Lotte Daan
Sanne Bram Eva Thijs Anouk Ruben Noor Joost Ilse Koen Merel Hidde Fenna Tjeerd Renske Sietse
Maaike Gerrit Hanneke Lieke Arjen Roos Jelle Wietske Harm Nynke Gerben Trijntje Douwe Aaltje""")
LAST = _listed(
    """Hoekstra, Visser, Bakker, de Vries, Jansen, van Dijk, Smit, Meijer, de Boer, Mulder,
    de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra,
    Smits, de Graaf, van der Meer, Kok, Jacobs, de Haan, Vermeulen, van den Berg""",
    ",",
)
PROSE = [
    "De voorzitter opent de vergadering om 19:30 en heet iedereen welkom.",
    "Er is gesproken over de planning van de biobased beurs in het voorjaar.",
    "Inge licht de cijfers van het eerste kwartaal toe; de omzet ligt iets boven begroting.",
    "Sjoerd meldt dat de drukker voor de brochure nog niet heeft gereageerd.",
    "De leden zijn het eens dat de website voor de zomer vernieuwd moet worden.",
    "Naar aanleiding van de notulen: geen opmerkingen, ze worden vastgesteld.",
    "De penningmeester vraagt iedereen de declaraties voor het einde van het kwartaal in te "
    "leveren.",
    "We hebben het gehad over samenwerking met de Hanzehogeschool voor het LCA-onderzoek.",
    "The English-speaking members asked for a summary of the decisions in English.",
    "Discussion about the budget for the trade fair; no conclusion yet.",
    "Er wordt opgemerkt dat de offerte voor de stand aan de hoge kant is.",
    "Mail naar info@drukkerij-noord.nl is nog niet beantwoord.",
    "Het idee om een gezamenlijke inkoop van hennepvezel te doen wordt positief ontvangen.",
    "Rondvraag: Bert vraagt of de volgende vergadering weer in Groningen is.",
    "Zie ook https://example.nl/verslag voor de presentatie van vorige week.",
]
ITEMS = [
    "ACTIE @{first} offerte opvragen bij de drukker vóór vrijdag",
    "- [ ] @{first_lower}: LCA-rapport rondsturen, uiterlijk 15 maart",
    "ACTIE offerte opvragen @{full} vóór volgende week",
    "Actie - @{full} contact opnemen met de gemeente over de vergunning, over twee weken",
    "actie: @{email} begroting bijwerken voor de volgende vergadering",
    "* ACTIE @{first} verslag maken, eind van de maand",
    "ACTION @{first} send the slides to the board by next week",
    "ACTION: @{full} check the venue contract before the next meeting",
    "- ACTIE @{full} stand reserveren 15-3",
    "ACTIE @Jan de Boer de zaal boeken, uiterlijk 31 februari",
    "ACTIE @{first} planning maken vóór sint-juttemis",
    "ACTIE @niemand nabellen morgen",
    "ACTIE @Jan subsidie aanvragen, 20-04-2027",
    "ACTIE nieuwsbrief versturen vóór vrijdag",
    "- [ ] @{first} notulen rondsturen binnen 2 weken",
    "- [x] @{first} zaal geboekt",
    "BESLUIT: de beurs gaat door op 12 mei",
    "Besluit de contributie blijft gelijk",
    "DECISION: the English summary will be sent with every set of minutes",
    "IDEE @{first} gezamenlijke inkoop van vezels",
    "Idee: een excursie naar de vlasfabriek",
    "IDEA @{full} a shared booth at the fair",
    "**Actie:** @{first} stukken klaarzetten, 15 March",
    "ACTIE @{first} programma afstemmen, uiterlijk 15-01-2020",
]


def members(rng: random.Random):
    from gilde.meetings.minutes import Person

    people = []
    for n in range(MEMBERS):
        first = FIRST[n % len(FIRST)]  # 44 first names for 60 people: some shared
        last = LAST[rng.randrange(len(LAST))]
        people.append(Person(n + 1, f"{first} {last}", f"{first.lower()}.{n}@example.nl"))
    people.append(Person(MEMBERS + 1, "Jan de Vries", "jdv@example.nl"))
    return people


def minutes(rng: random.Random, people) -> str:
    lines: list[str] = []
    items = 0
    while len(lines) < LINES:
        n = len(lines)
        if n % 40 == 0:
            lines += [f"## Agendapunt {n // 40 + 1}", ""]
        elif n == 100:
            lines += ["```", "ACTIE @niemand dit is een voorbeeld in een codeblok", "```"]
        elif items < 40 and rng.random() < 0.22:
            person = rng.choice(people)
            first = person.name.split()[0]
            lines.append(
                rng.choice(ITEMS).format(
                    first=first, first_lower=first.lower(), full=person.name, email=person.email
                )
            )
            items += 1
        elif rng.random() < 0.15:
            lines.append("")
        else:
            lines.append(("- " if rng.random() < 0.3 else "") + rng.choice(PROSE))
    return "\n".join(lines[:LINES])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=200, help="parses to time (default 200)")
    parser.add_argument("--json", action="store_true", help="write bench/results/minutes.json")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gilde.settings")
    import django

    django.setup()
    from django.utils import translation

    from gilde.meetings.minutes import parse_minutes

    rng = random.Random(20270303)
    people = members(rng)
    text = minutes(rng, people)
    assert len(text.split("\n")) == LINES
    times = []
    with translation.override("nl"):
        found = parse_minutes(text, people=people, meeting_date=MEETING)  # warm the caches
        for _ in range(args.runs):
            started = time.perf_counter()
            parse_minutes(text, people=people, meeting_date=MEETING, next_meeting_date=NEXT_MEETING)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    median = statistics.median(times)
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    kinds = {kind: sum(f.kind == kind for f in found) for kind in ("action", "decision", "idea")}
    print(
        f"{LINES} lines, {MEMBERS + 1} members, {len(found)} found {kinds}, "
        f"{sum(not f.ok for f in found)} with problems; {args.runs} parses: "
        f"median {median:.2f} ms, p95 {p95:.2f} ms (target < 50 ms)"
    )
    if args.json:
        result = {
            "lines": LINES,
            "median_ms": round(median, 2),
            "p95_ms": round(p95, 2),
            "runs": args.runs,
            "members": MEMBERS + 1,
            "found": len(found),
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
            "command": "python bench/minutes.py " + " ".join(sys.argv[1:]),
        }
        RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
