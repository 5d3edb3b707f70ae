"""Demo knowledge for the demo networks: articles, questions with answers, and sessions.

`seed()` runs inside `manage.py seed_demo` (registered in KnowledgeConfig.ready())
after the people and networks exist. Like the rest of the demo data, rows are
written with the ORM rather than through the services, which check the acting
user's access and send e-mail. Every row has a natural key – articles, questions
and sessions (network, title), answers (question, author), registrations
(session, user) – so running it again creates nothing and leaves what exists
alone, including the dates of sessions already seeded. What a run creates goes
into the search index (`core.search.refresh`) at the end.

Dates are relative to today (whole hours in Europe/Amsterdam), so a fresh demo
always has upcoming and past sessions. Nothing is random. The people are the
invented ones of seed_demo, looked up by first name; each one is checked to be
a member (not a guest) of the network they write in.

Most article bodies are composed: a lead and key points of their own, between
two sections taken in turn from a set of paragraphs per theme. A handful of
flagship articles have a full text.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from gilde.accounts.models import User
from gilde.core import search
from gilde.core.markdown import render
from gilde.knowledge.models import (
    Answer,
    Article,
    ArticleRevision,
    Comment,
    Follow,
    Question,
    Registration,
    Session,
    Visibility,
)
from gilde.networks.management.commands.seed_demo import GUEST, MEMBERSHIPS, PEOPLE, TagCache
from gilde.networks.models import Network

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

PUBLIC = Visibility.PUBLIC
NETWORK = Visibility.NETWORK
CIRCLE = Visibility.CIRCLE
PRIVATE = Visibility.PRIVATE
KENNIS = Article.Kind.KNOWLEDGE
HOWTO = Article.Kind.HOWTO
CASE = Article.Kind.CASE
LEZING = Session.Kind.LECTURE
TRAINING = Session.Kind.TRAINING
WORKSHOP = Session.Kind.WORKSHOP
WEBINAR = Session.Kind.WEBINAR

# People by lower-case first name (they are unique among the demo people).
EMAILS = {person["name"].split()[0].lower(): person["email"] for person in PEOPLE}
# Who may write in each network: active members and coordinators, not guests.
CONTRIBUTORS = {
    slug: {email for email, role in members if role != GUEST}
    for slug, members in MEMBERSHIPS.items()
}

_BLOCK_START = re.compile(r"(#{1,6} |[-*] |\d+\. |\|)")


def md(text: str) -> str:
    """Markdown wrapped to fit this file, unwrapped: one line per paragraph or list item."""
    blocks = []
    for block in textwrap.dedent(text).strip().split("\n\n"):
        lines: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if lines and not _BLOCK_START.match(line):
                lines[-1] += " " + line
            else:
                lines.append(line)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def items(text: str) -> tuple[str, ...]:
    """The entries of a '- ' list written in this file."""
    return tuple(line.removeprefix("- ") for line in md(text).splitlines())


# -- reusable paragraphs per theme -------------------------------------------
# A composed article takes one section from each of its themes, in turn by its
# position, so neighbours on the same theme read differently.

THEMES: dict[str, list[tuple[str, str]]] = {
    "vezels": [
        (
            "Van stengel tot vezel",
            """Hennep en vlas leveren na de oogst een stengel die uit twee delen bestaat: de
            lange vezels aan de buitenkant en de houtige kern, de scheven. Bij het breken en
            zwingelen scheiden we die stromen. Hoe beter het roten op het land verloopt, hoe
            makkelijker de vezel loslaat en hoe schoner de scheven zijn. Een natte nazomer
            kan een hele partij in kwaliteit laten zakken.""",
        ),
        (
            "Kwaliteit is een afspraak",
            """Afnemers vragen om een vaste vezellengte, een laag vochtgehalte en zo min
            mogelijk scheven in de vezel. Leg die eisen vast vóór de teelt, niet pas bij de
            levering. Wij werken met een eenvoudig specificatieblad per partij: perceel,
            oogstdatum, aantal rotingsdagen, vochtgehalte en een foto van een monster. Dat
            voorkomt discussie achteraf.""",
        ),
        (
            "Waarom regionaal telen loont",
            """Vezelgewassen zijn licht maar volumineus: transport over lange afstand eet de
            marge snel op. Een keten binnen zestig kilometer, van teler via verwerker naar
            afnemer, houdt de kosten laag en maakt het makkelijk om samen proeven te doen.
            Bovendien passen hennep en vlas goed in een bouwplan met aardappelen en bieten,
            omdat ze de bodemstructuur verbeteren.""",
        ),
    ],
    "bouw": [
        (
            "Vocht en ademend bouwen",
            """Biobased bouwmaterialen zoals hennepkalk, stro en leem nemen vocht op en geven
            het weer af. Dat maakt het binnenklimaat aangenaam, maar vraagt om een
            constructie die kan uitdrogen: geen dampdichte folie aan de verkeerde kant en een
            zorgvuldige detaillering bij de plint. De meeste schade die we zien, komt door
            fouten in de aansluitingen, niet door het materiaal zelf.""",
        ),
        (
            "Normen en bewijslast",
            """Aannemers en gemeenten willen weten hoe een materiaal presteert op
            brandveiligheid, isolatiewaarde en draagkracht. Voor veel biobased producten
            bestaan nog geen standaardwaarden, dus moet je zelf meten of een proefrapport
            laten opstellen. Het loont om die testen met meerdere producenten samen te laten
            doen: de kosten worden gedeeld en de resultaten wegen zwaarder.""",
        ),
        (
            "Koolstof opslaan in een muur",
            """Een muur van hennepkalk legt koolstof vast die de plant tijdens de groei uit de
            lucht haalde. Hoeveel precies, hangt af van de hoeveelheid kalk, het transport en
            de levensduur van het gebouw. Een eerlijke levenscyclusanalyse rekent al die
            stappen mee; in de meeste gevallen blijft er dan een netto opslag over.""",
        ),
    ],
    "bioraffinage": [
        (
            "Eén grondstof, meerdere producten",
            """Bij bioraffinage haal je uit één grondstof zoveel mogelijk waardevolle stromen:
            eiwit, suikers, vezels en mineralen. Het verdienmodel staat of valt met de afzet
            van élke stroom, ook de minst aantrekkelijke. Een installatie die alleen eiwit
            verkoopt en de rest als mest afvoert, is zelden rendabel.""",
        ),
        (
            "Kleinschalig en dicht bij de bron",
            """Gras en bermmaaisel bestaan voor het grootste deel uit water en bederven snel.
            Daarom werken we met kleine installaties dicht bij de boer: persen binnen een paar
            uur na het maaien, het sap direct verwerken en de perskoek als vezel of veevoer
            terug naar het erf. Zo blijft het transport beperkt tot de droge, waardevolle
            fracties.""",
        ),
        (
            "Van proef naar seizoen",
            """Een proef van een paar dagen zegt weinig over een heel seizoen. De samenstelling
            van gras verandert met elke snede en met het weer. Plan daarom metingen over ten
            minste drie sneden en houd per batch bij wat erin ging en wat eruit kwam. Die
            massabalans is later goud waard in het gesprek met financiers.""",
        ),
    ],
    "fermentatie": [
        (
            "Wat micro-organismen voor je doen",
            """Bij fermentatie zetten bacteriën, gisten of schimmels suikers om in een product
            dat je wilt hebben: melkzuur, ethanol, eiwit of een bouwsteen voor bioplastic. De
            kunst is om de juiste stam bij de juiste grondstof te kiezen en de omstandigheden
            – temperatuur, zuurgraad, zuurstof – zo in te stellen dat het organisme doet wat
            jij wilt.""",
        ),
        (
            "Reststromen als voedingsbodem",
            """Aardappelschillen, bietenpulp en graspersvocht bevatten suikers en eiwitten waar
            micro-organismen goed op groeien. Ze zijn goedkoop, maar wisselen sterk in
            samenstelling. Een korte voorbehandeling – fijnmaken, verhitten of een enzym
            toevoegen – maakt de suikers beter beschikbaar en geeft een voorspelbaarder
            proces.""",
        ),
        (
            "Opschalen zonder verrassingen",
            """Wat in een kolf van een liter werkt, gedraagt zich in een vat van duizend liter
            anders: menging, warmteafvoer en besmettingsrisico worden grotere problemen. Plan
            een tussenstap op tien tot honderd liter en meet daar dezelfde parameters als in
            het lab. Zo zie je op tijd waar het proces gevoelig voor is.""",
        ),
    ],
    "biopolymeren": [
        (
            "Biobased is niet hetzelfde als afbreekbaar",
            """Een biobased kunststof is gemaakt van plantaardige grondstoffen; een biologisch
            afbreekbare kunststof breekt onder bepaalde omstandigheden af. Dat zijn twee
            verschillende eigenschappen. Bio-PE is biobased maar niet afbreekbaar, sommige
            fossiele polyesters zijn wel afbreekbaar. Wees in productteksten precies over wat
            je belooft: klanten en toezichthouders lezen mee.""",
        ),
        (
            "Eigenschappen en verwerking",
            """PLA is stijf en helder, maar bros en gevoelig voor warmte. PHA is taaier en
            breekt ook in zee af, maar is duurder en lastiger te verwerken. Zetmeelblends zijn
            goedkoop en goed vormbaar, maar nemen vocht op. Vrijwel elke toepassing vraagt om
            een blend of een additief; het loont om een compoundeerder vroeg te laten
            meedenken.""",
        ),
        (
            "Waar de grondstof vandaan komt",
            """De meeste biopolymeren worden nog gemaakt uit suiker of zetmeel van
            voedselgewassen. Noord-Nederland heeft een kans met reststromen: aardappelzetmeel
            dat niet voor voeding geschikt is, bietenpulp en gras. Die route is technisch
            lastiger, maar levert een beter verhaal en vaak een betere klimaatscore op.""",
        ),
    ],
    "composieten": [
        (
            "Natuurvezel als versterking",
            """Vlas- en hennepvezels zijn licht en stijf en kunnen glasvezel in veel
            toepassingen vervangen. Ze dempen trillingen beter, maar nemen vocht op en
            variëren meer in eigenschappen. Een goede droging vóór het verwerken is daarom
            essentieel, net als een ontwerp dat rekening houdt met een grotere spreiding in
            sterkte.""",
        ),
        (
            "Hechting tussen vezel en hars",
            """De sterkte van een composiet hangt sterk af van hoe goed de vezel aan de hars
            hecht. Natuurvezels trekken water aan, de meeste harsen stoten het af. Een
            oppervlaktebehandeling of een koppelmiddel verbetert de hechting merkbaar. Test
            altijd eerst op kleine proefstaven voordat je een matrijs laat maken.""",
        ),
        (
            "Denk aan het einde van de levensduur",
            """Een composiet is per definitie een mengsel, en mengsels zijn lastig te recyclen.
            Denk bij het ontwerp al na over wat er aan het einde gebeurt: een thermoplastische
            matrix kan opnieuw worden gemalen en verwerkt, een thermoharder niet. Ook
            demontage – onderdelen die los te halen zijn – helpt enorm.""",
        ),
    ],
    "recycling": [
        (
            "Schoon scheiden begint bij de bron",
            """Mechanische recycling werkt alleen met schone, goed gesorteerde stromen. Een paar
            procent vreemd materiaal kan een hele partij regranulaat onbruikbaar maken. Maak
            daarom afspraken met leveranciers over hoe ze hun afval aanleveren, en investeer
            liever in sorteren aan de bron dan in zuiveren achteraf.""",
        ),
        (
            "De kwaliteit van regranulaat",
            """Bij elke verwerkingsronde worden de polymeerketens korter: het materiaal wordt
            vloeibaarder en brosser. Door een deel nieuw materiaal bij te mengen of een
            ketenverlenger toe te voegen, houd je de eigenschappen op peil. Meet de smeltindex
            van elke partij; dat is een goedkope en snelle controle.""",
        ),
        (
            "Een markt voor het gerecyclede product",
            """Recycling is pas rond als iemand het regranulaat koopt. Producten met lagere
            eisen aan het uiterlijk – pallets, bloembakken, technische onderdelen – zijn een
            goede eerste stap. Wie een zichtdeel van gerecycled materiaal wil maken, moet
            rekening houden met kleurverschillen tussen partijen.""",
        ),
    ],
    "printen": [
        (
            "Het juiste filament",
            """Bij 3D-printen met biobased of gerecycled materiaal is de diameter van het
            filament cruciaal: een afwijking van een paar honderdste millimeter geeft al
            onderextrusie. Print met een nieuwe partij altijd eerst een testkubus en een brug.
            Droog het filament vóór gebruik, zeker als het vezels of zetmeel bevat.""",
        ),
        (
            "Grote delen printen",
            """Bij grote prints speelt krimp tijdens het afkoelen de hoofdrol. Een verwarmd bed,
            een gesloten printkamer en een rand rond de eerste laag helpen tegen kromtrekken.
            Ontwerp waar het kan met afgeronde hoeken en een gelijkmatige wanddikte; scherpe
            hoeken trekken als eerste los.""",
        ),
        (
            "Prototype én product",
            """3D-printen is ideaal voor een eerste prototype, maar steeds vaker ook voor kleine
            series: mallen, reserveonderdelen en maatwerk. Voor series tot een paar honderd
            stuks is printen vaak goedkoper dan een matrijs laten maken, en een
            ontwerpwijziging kost alleen een nieuw bestand.""",
        ),
    ],
    "verwerking": [
        (
            "Drogen, drogen, drogen",
            """Vrijwel alle biobased kunststoffen nemen vocht op uit de lucht. Vocht in de smelt
            breekt polymeerketens af en geeft blaasjes en strepen in het product. Droog
            granulaat in een droogluchtdroger volgens het datablad en verwerk het binnen een
            paar uur; laat een open zak niet een nacht naast de machine staan.""",
        ),
        (
            "Het proces instellen",
            """Biobased materialen hebben vaak een smaller verwerkingsvenster dan de kunststoffen
            die ze vervangen. Begin aan de koele kant van het datablad, verhoog de temperatuur
            in kleine stappen en houd de verblijftijd in de cilinder kort. Noteer elke
            instelling: een goed ingesteld proces wil je de volgende keer zo terugvinden.""",
        ),
        (
            "De matrijs",
            """Een stalen matrijs is duur en pas bij grotere aantallen terugverdiend. Voor
            proefseries zijn aluminium matrijzen of zelfs geprinte inzetstukken een goed
            alternatief. Let bij natuurvezelcompounds op slijtage: vezels schuren meer dan
            ongevulde kunststof, zeker bij het aanspuitpunt.""",
        ),
    ],
    "lca": [
        (
            "Wat een LCA laat zien",
            """Een levenscyclusanalyse (LCA) brengt de milieu-impact van een product in kaart,
            van de winning van grondstoffen tot het einde van de levensduur. Het resultaat is
            geen oordeel maar een landkaart: je ziet waar de grootste impact zit en dus waar
            verbeteren het meest oplevert. Vaak is dat een andere stap dan je vooraf dacht.""",
        ),
        (
            "Systeemgrenzen en allocatie",
            """De belangrijkste keuzes in een LCA zijn de systeemgrenzen – wat reken je wel en
            niet mee – en de allocatie: hoe verdeel je de impact over meerdere producten uit
            één proces. Maak die keuzes bewust, leg ze vast en gebruik ze consequent bij het
            vergelijken van alternatieven. Een LCA zonder uitleg over die keuzes is weinig
            waard.""",
        ),
        (
            "Gegevens uit je eigen bedrijf",
            """Generieke databases geven een eerste indruk, maar de echte winst zit in eigen
            gegevens: energieverbruik per batch, transportafstanden, uitval. Die gegevens heb
            je vaak al in de administratie. Met een middag zoeken en een eenvoudig rekenblad
            kom je verder dan met het duurste softwarepakket.""",
        ),
    ],
    "subsidie": [
        (
            "Welke regeling past",
            """Voor biobased innovatie zijn er regionale, landelijke en Europese regelingen. Een
            haalbaarheidsstudie past meestal in een mkb-regeling met een korte doorlooptijd;
            voor een demonstratie-installatie heb je een grotere regeling of een combinatie
            van fondsen nodig. Een actueel overzicht staat op
            [het regelingenoverzicht](https://subsidies.gilde.example/biobased).""",
        ),
        (
            "Samenwerken loont",
            """Veel regelingen geven een hoger subsidiepercentage voor samenwerkingsprojecten,
            zeker als er een kennisinstelling meedoet. Daar staat tegenover dat je afspraken
            moet maken over het eigendom van resultaten, de taakverdeling en wie de
            administratie doet. Leg die vast in een samenwerkingsovereenkomst voordat je de
            aanvraag indient.""",
        ),
        (
            "De administratie achteraf",
            """Een toegekende subsidie is het begin, niet het einde. Houd vanaf de eerste dag
            een urenregistratie bij en bewaar facturen per projectactiviteit. Bij de
            eindafrekening wil de subsidieverstrekker kunnen nagaan dat elke euro aan het
            project is besteed. Wie dat achteraf moet reconstrueren, verliest weken.""",
        ),
    ],
    "verpakking": [
        (
            "Eerst de functie",
            """Een verpakking moet in de eerste plaats het product beschermen. Een biobased
            verpakking die voedsel sneller laat bederven, is per saldo slechter voor het
            milieu. Begin daarom bij de eisen aan barrière, sterkte en houdbaarheid, en kijk
            pas daarna welk materiaal daaraan kan voldoen.""",
        ),
        (
            "Monomateriaal of mengsel",
            """Verpakkingen van één materiaal zijn het makkelijkst te recyclen. Laminaten van
            papier met een kunststoflaag zien er groen uit, maar zijn in de praktijk lastig te
            scheiden. Een vezelbakje met een dunne, afbreekbare coating is een alternatief,
            mits de afvalverwerker die stroom ook echt accepteert.""",
        ),
        (
            "Wat de consument ziet",
            """Consumenten gooien een verpakking weg op basis van wat erop staat en hoe die
            aanvoelt. Duidelijke sorteerinstructies op de verpakking zelf doen meer dan een
            groen logo. Test een nieuw ontwerp met een kleine groep gebruikers voordat je
            grote aantallen laat maken.""",
        ),
    ],
    "onderwijs": [
        (
            "Studenten als onderzoekers",
            """Studenten brengen frisse vragen mee, en tijd die een ondernemer vaak niet heeft.
            Een goede opdracht is afgebakend, heeft een duidelijke opdrachtgever in het bedrijf
            en levert iets op dat het bedrijf kan gebruiken: een meetrapport, een prototype of
            een rekenmodel. Vage opdrachten als 'onderzoek de markt' leveren vaak een vaag
            verslag op.""",
        ),
        (
            "De rol van het lectoraat",
            """Een lectoraat verbindt onderwijs, onderzoek en praktijk. De lector en de
            docent-onderzoekers zorgen voor continuïteit: wat een groep studenten dit semester
            ontdekt, pakt de volgende groep op. Voor een bedrijf betekent dat een langer
            lopend onderzoek zonder zelf een onderzoeker in dienst te nemen.""",
        ),
        (
            "Leren met echte machines",
            """Studenten leren het meest aan een machine die ook in de industrie staat. In het
            praktijkcentrum en de proeffabriek draaien ze proeven op een compoundeerlijn of een
            pers, onder begeleiding van een operator. Zo leren ze niet alleen de theorie, maar
            ook wat er gebeurt als een proces uit de hand loopt.""",
        ),
    ],
    "eiwit": [
        (
            "Plantaardig eiwit uit de regio",
            """De vraag naar plantaardig eiwit groeit, voor voeding en voor diervoer. Veldbonen,
            erwten, graseiwit en zeewier kunnen in Noord-Nederland worden geteeld of gewonnen.
            De uitdaging zit in de verwerking: een eiwitconcentraat met een constante kwaliteit
            vraagt om schaal, en om afnemers die meerjarige afspraken durven te maken.""",
        ),
        (
            "Zeewier als gewas",
            """Zeewier groeit zonder zoet water, kunstmest of landbouwgrond. Op de Waddenzee en
            de Noordzee wordt het aan lijnen gekweekt en in het voorjaar geoogst. Vers zeewier
            bederft binnen een dag, dus drogen of conserveren moet direct na de oogst
            gebeuren. Daar zit op dit moment het grootste knelpunt voor opschaling.""",
        ),
        (
            "Van bijproduct naar hoofdproduct",
            """Bij het winnen van eiwit blijven vezels, suikers en mineralen over. Wie alleen het
            eiwit verkoopt, laat veel waarde liggen. Vezels kunnen naar de papier- of
            bouwsector, suikers naar een fermentatieproces. Juist die combinatie maakt een
            kleinschalige verwerking rendabel.""",
        ),
    ],
    "keten": [
        (
            "Logistiek van natte stromen",
            """Reststromen uit de landbouw zijn vaak nat, volumineus en seizoensgebonden. Dat
            maakt transport duur. Combineer ritten waar het kan, laat stromen op het erf
            indikken of drogen, en plan de inzameling samen met de verwerker. Een vaste route
            met meerdere ophaalpunten is vaak goedkoper dan losse ritten op afroep.""",
        ),
        (
            "Wie is de ketenregisseur?",
            """Een nieuwe biobased keten heeft iemand nodig die het overzicht houdt: wie levert
            wat, wanneer en tegen welke prijs. Dat hoeft geen groot bedrijf te zijn; een
            coöperatie of een actieve verwerker kan die rol prima vervullen. Zonder regisseur
            blijft het bij losse leveringen en haakt de afnemer af.""",
        ),
        (
            "Digestaat en mineralen",
            """Wat na vergisting overblijft, het digestaat, bevat de mineralen uit de
            grondstof. Door het te scheiden in een dikke en een dunne fractie ontstaan
            producten die als meststof of als grondstof voor bodemverbeteraars kunnen dienen.
            Zo wordt de biogasinstallatie een schakel in de kringloop in plaats van een
            eindpunt.""",
        ),
    ],
    "samenwerking": [
        (
            "Van gesprek naar actie",
            """De beste ideeën ontstaan in de pauze van een bijeenkomst. Om er iets mee te doen,
            noteren we direct wie het idee trekt, wie meedoet en wanneer we erop terugkomen. De
            coördinator belt na twee weken na. Zonder die eenvoudige afspraak verdwijnen negen
            van de tien ideeën in de waan van de dag.""",
        ),
        (
            "Afspraken op papier",
            """Ook tussen bedrijven die elkaar goed kennen, helpen korte schriftelijke
            afspraken: wie betaalt wat, van wie zijn de resultaten en wat gebeurt er als
            iemand stopt. Eén A4 met die punten voorkomt later veel gedoe. Voor grotere
            projecten met subsidie is een volledige samenwerkingsovereenkomst nodig.""",
        ),
        (
            "Kosten delen, kennis delen",
            """Gedeelde voorzieningen zoals een proeffabriek of een lab maken dure apparatuur
            bereikbaar voor kleine bedrijven. Voorwaarde is een heldere planning en een
            eerlijke verdeling van de kosten naar gebruik. Minstens zo waardevol is de kennis
            die ontstaat als operators en gebruikers elkaar op de werkvloer tegenkomen.""",
        ),
    ],
}
THEMES = {
    theme: [(heading, md(text)) for heading, text in sections] for theme, sections in THEMES.items()
}

# The heading above an article's own points, by kind.
CLOSING = {KENNIS: "In het kort", HOWTO: "Stap voor stap", CASE: "Wat we ervan leerden"}


# -- articles ---------------------------------------------------------------


@dataclass(frozen=True)
class ArticleSpec:
    network: str
    kind: str
    title: str
    author: str
    summary: str
    tags: tuple[str, ...]
    visibility: str = NETWORK
    coauthors: tuple[str, ...] = ()
    circle: tuple[str, ...] = ()
    draft: bool = False
    body: str = ""  # the full text of a flagship article; the others are composed
    lead: str = ""
    themes: tuple[str, ...] = ()
    points: tuple[str, ...] = ()
    closing: str = ""
    link: tuple[str, str] | None = None

    def compose(self, position: int) -> str:
        if self.body:
            return self.body
        parts = [self.lead]
        for offset, theme in enumerate(self.themes):
            sections = THEMES[theme]
            heading, text = sections[(position + offset) % len(sections)]
            parts.append(f"## {heading}\n\n{text}")
        if self.kind == HOWTO:
            listed = [f"{number}. {point}" for number, point in enumerate(self.points, 1)]
        else:
            listed = [f"- {point}" for point in self.points]
        # a str value of the Kind choices indexes the dict alike.
        parts.append(f"## {self.closing or CLOSING[self.kind]}\n\n" + "\n".join(listed))  # type: ignore[index]
        if self.link:
            label, url = self.link
            parts.append(f"Meer lezen: [{label}]({url}).")
        return "\n\n".join(parts)


def article(
    network: str,
    kind: str,
    title: str,
    *,
    author: str,
    summary: str,
    tags: list[str],
    lead: str = "",
    points: str = "",
    body: str = "",
    themes: list[str] | None = None,
    coauthors: list[str] | None = None,
    circle: list[str] | None = None,
    **fields,
) -> ArticleSpec:
    return ArticleSpec(
        network=network,
        kind=kind,
        title=title,
        author=author,
        summary=summary,
        tags=tuple(tags),
        lead=md(lead) if lead else "",
        points=items(points) if points else (),
        body=md(body) if body else "",
        themes=tuple(themes or ()),
        coauthors=tuple(coauthors or ()),
        circle=tuple(circle or ()),
        **fields,
    )


ARTICLES = [
    # --- Biocoöperatie Noord-Nederland ---
    article(
        "biocooperatie",
        CASE,
        "Hennepscheven als bouwmateriaal: lessen uit drie proefwoningen",
        author="douwe",
        coauthors=["gerrit"],
        visibility=PUBLIC,
        tags=["biobased bouwen", "vezelgewassen"],
        summary="Drie woningen met wanden van hennepkalk: wat goed ging, wat tegenviel en "
        "wat we een volgende keer anders doen.",
        body="""
            In de afgelopen twee jaar bouwden we met drie opdrachtgevers in Friesland een
            woning met wanden van hennepkalk. De scheven kwamen van Hennepheem in Groningen,
            de hennep zelf van akkers binnen vijftig kilometer. In dit artikel delen we wat
            goed ging, wat tegenviel en wat we een volgende keer anders doen.

            ## Het materiaal

            Hennepkalk is een mengsel van hennepscheven – de houtige kern van de stengel – en
            een bindmiddel op basis van kalk. Het mengsel wordt in een bekisting rond een
            houten draagconstructie gestort en licht aangedrukt. Na het ontkisten droogt de
            wand in enkele weken uit en hardt de kalk verder uit door CO₂ uit de lucht op te
            nemen.

            De belangrijkste eigenschappen:

            - **Isolatie**: een wand van dertig centimeter haalt een isolatiewaarde die voor
              nieuwbouw voldoet.
            - **Vochtregulatie**: de wand neemt vocht op en geeft het weer af, wat een prettig
              binnenklimaat geeft.
            - **Koolstofopslag**: de plant nam tijdens de groei meer CO₂ op dan er bij het
              branden van de kalk vrijkomt.

            ## Wat goed ging

            Het storten zelf bleek eenvoudig te leren. Na een halve dag instructie kon de
            ploeg van de aannemer zelfstandig werken. De bewoners van de eerste woning melden
            na een winter een constante luchtvochtigheid en geen koudeval bij de ramen.

            ## Wat tegenviel

            De droogtijd. In een natte herfst duurde het bij de tweede woning ruim tien weken
            voordat de wanden droog genoeg waren voor de afwerking. Dat gaf vertraging in de
            planning van de stukadoor. Ook de kwaliteit van de scheven wisselde: een partij
            met veel stof gaf een zwakkere wand.

            ## Wat we anders doen

            1. We storten alleen nog wanden tussen april en augustus, of we kiezen voor
               geprefabriceerde blokken.
            2. Elke partij scheven krijgt een eenvoudige zeeftest voordat hij de bouwplaats
               op gaat.
            3. We spreken met de stukadoor een vochtmeting af als startsein, geen datum.

            Geprefabriceerde hennepblokken lossen het droogprobleem grotendeels op: ze drogen
            in een hal, niet op de bouwplaats. Daarvoor zoeken we nog een partner met droge
            opslag in het Noorden. Interesse? Reageer hieronder of kijk op
            [de projectpagina van Stroleem](https://stroleem.example/hennep).
            """,
    ),
    article(
        "biocooperatie",
        KENNIS,
        "Bioraffinage van gras: eiwit, vezel en sap uit één perceel",
        author="marieke",
        coauthors=["rutger"],
        visibility=PUBLIC,
        tags=["bioraffinage", "eiwittransitie", "agrifood"],
        summary="Hoe onze demonstratie-installatie vers gras scheidt in eiwit, vezel en sap, "
        "en wat elke stroom oplevert.",
        body="""
            Gras is het grootste gewas van Nederland, maar we gebruiken het bijna alleen als
            veevoer. Op een melkveebedrijf in het Groninger kleigebied draait sinds vorig jaar
            onze demonstratie-installatie, die vers gras in drie stromen scheidt. Hieronder
            leggen we uit hoe dat werkt en wat het oplevert.

            ## Het proces in drie stappen

            1. **Persen.** Vers gemaaid gras gaat binnen vier uur door een schroefpers. Er
               ontstaan twee stromen: een natte perskoek met de vezels en een groen perssap.
            2. **Eiwit winnen.** We verwarmen het perssap, waardoor het eiwit stolt. Een
               decanter scheidt het eiwit af; na drogen is het een poeder met ruim veertig
               procent eiwit.
            3. **Restsap benutten.** Wat overblijft, het 'bruin sap', bevat suikers en
               mineralen. Dat gaat nu naar een vergister; samen met leden onderzoeken we of
               het een voedingsbodem voor fermentatie kan zijn.

            ## Wat elke stroom oplevert

            | Stroom | Toepassing | Stand van zaken |
            |---|---|---|
            | Graseiwit | varkens- en kippenvoer | verkocht aan twee mengvoerbedrijven |
            | Grasvezel | karton, isolatie, veevoer | proeven met een kartonfabriek |
            | Bruin sap | biogas, fermentatie | vergister; fermentatie in onderzoek |

            ## Lessen van het eerste jaar

            - De eiwitopbrengst schommelt sterk per snede: de eerste snede levert bijna twee
              keer zoveel als de laatste.
            - De boer is de belangrijkste partner. Hij bepaalt het maaimoment, en daarmee de
              kwaliteit.
            - Een installatie op het erf scheelt transport: alleen de droge fracties gaan de
              weg op.

            ## Hoe verder

            Dit jaar onderzoeken we met Hogeschool Noorderlicht of de grasvezel geschikt is
            voor verpakkingen. Wie een toepassing voor een van de stromen heeft, nodigen we
            uit voor een rondleiding. Meer technische gegevens staan op
            [de projectpagina](https://wierde.example/demonstratie).
            """,
    ),
    article(
        "biocooperatie",
        KENNIS,
        "Gefermenteerd, niet gesynthetiseerd: melkzuur uit aardappelstoomschillen",
        author="lisanne",
        coauthors=["jannie"],
        visibility=PUBLIC,
        tags=["fermentatie", "biopolymeren", "agrifood"],
        summary="Melkzuur is de bouwsteen van PLA. Wij maken het uit de schillen die "
        "overblijven bij het stomen van aardappelen.",
        body="""
            Melkzuur is de bouwsteen van PLA, de bekendste bioplastic. Het wordt nu vooral
            gemaakt uit suiker van maïs of suikerriet. Bij Gistkracht onderzoeken we samen met
            Zetmeelhuis Veenkoloniën of het ook kan uit stoomschillen: de reststroom die
            overblijft als aardappelen worden geschild.

            ## Waarom stoomschillen

            Bij het stomen en schillen van aardappelen komt een brij vrij van schil, zetmeel
            en water. Die gaat nu grotendeels naar veevoer. Er zit veel zetmeel in, en zetmeel
            is na een enzymbehandeling gewoon suiker: precies wat melkzuurbacteriën nodig
            hebben.

            ## Hoe we het aanpakken

            - **Voorbehandeling.** We verhitten de schillen kort en voegen een enzym toe dat
              zetmeel in glucose knipt.
            - **Fermentatie.** Een melkzuurbacterie zet de glucose in een vat van vijftig
              liter om in melkzuur, bij 45 °C en een constante zuurgraad.
            - **Zuivering.** We filteren het gefermenteerde mengsel en concentreren het
              melkzuur. Dat is de duurste stap.

            ## Eerste resultaten

            In tien proefbatches zetten we gemiddeld tachtig procent van de beschikbare suiker
            om. De zuiverheid is nog niet genoeg voor PLA, wel voor toepassingen als
            reinigingsmiddel en ontkalker. Dat biedt een tussenmarkt terwijl we de zuivering
            verbeteren.

            ## Wat we nog zoeken

            We willen opschalen naar vijfhonderd liter en zoeken daarvoor:

            1. een partner met ervaring in membraanfiltratie;
            2. een afnemer voor technisch melkzuur;
            3. een student procestechnologie voor een afstudeeropdracht.

            Meer over onze aanpak staat op [de kennispagina van
            Gistkracht](https://gistkracht.example/kennis).
            """,
    ),
    article(
        "biocooperatie",
        HOWTO,
        "Zo schrijf je een haalbaarheidsaanvraag die het haalt",
        author="hendrik",
        tags=["subsidies", "projectmanagement"],
        summary="Vijf stappen en drie veelgemaakte fouten bij een subsidieaanvraag voor een "
        "haalbaarheidsstudie.",
        body="""
            Veel biobased ideeën beginnen met een haalbaarheidsstudie: is het technisch
            mogelijk, is er een markt, en wat kost het? Voor zo'n studie bestaan
            mkb-regelingen die een flink deel van de kosten vergoeden. De aanvraag is kort,
            maar de concurrentie groot. Dit zijn de stappen die ik met leden doorloop.

            ## 1. Formuleer één heldere vraag

            Een beoordelaar wil in één zin lezen wat je gaat onderzoeken. "Kunnen we van
            hennepstof een isolatieplaat maken die voldoet aan de brandklasse voor
            woningbouw?" is goed. "Onderzoek naar toepassingen van hennep" is te vaag.

            ## 2. Laat zien dat het nieuw is

            Beschrijf kort wat er al bestaat en waarom dat voor jouw situatie niet volstaat.
            Een paar zoekopdrachten in octrooidatabanken en een gesprek met een lector geven
            je de onderbouwing.

            ## 3. Maak de begroting controleerbaar

            - Uren per persoon, met een realistisch uurtarief.
            - Externe kosten met een offerte erbij.
            - Geen post 'onvoorzien': die wordt toch geschrapt.

            ## 4. Beschrijf wat er na de studie gebeurt

            Beoordelaars willen een vervolg zien: een pilot, een investering of een
            samenwerking. Noem de partijen met wie je dat wilt doen.

            ## 5. Laat iemand anders meelezen

            Een collega die het project niet kent, ziet meteen waar de tekst onduidelijk is.
            Als subsidieadviseur van de Biocoöperatie lees ik graag mee; plan dat minstens
            twee weken voor de sluitingsdatum.

            ## Veelgemaakte fouten

            - Te laat beginnen: sommige regelingen zijn op de eerste dag al vol.
            - Een vaag resultaat: "meer inzicht" is geen resultaat, een rapport met een
              go/no-go wel.
            - Vergeten dat de studie pas mag starten nadat de aanvraag is ingediend.

            De actuele voorwaarden staan op
            [het regelingenoverzicht](https://subsidies.gilde.example/haalbaarheid).
            """,
    ),
    article(
        "biocooperatie",
        HOWTO,
        "Een levenscyclusanalyse in vijf stappen, ook voor een klein bedrijf",
        author="bram",
        visibility=PUBLIC,
        tags=["levenscyclusanalyse", "LCA", "circulair ontwerp"],
        summary="Een vereenvoudigde LCA geeft snel antwoord op de vraag waar je product de "
        "meeste milieu-impact heeft.",
        body="""
            "Is ons product eigenlijk wel duurzamer?" Die vraag krijg ik van bijna elk lid van
            de Biocoöperatie. Een volledige LCA volgens de ISO-normen kost al snel
            tienduizenden euro's. Maar voor een eerste antwoord, en om te weten waar je moet
            verbeteren, is een vereenvoudigde aanpak vaak genoeg.

            ## Stap 1: bepaal de functionele eenheid

            Vergelijk producten op wat ze doen, niet op hun gewicht. Dus niet 'een kilo
            isolatiemateriaal', maar 'een vierkante meter wand met een bepaalde isolatiewaarde,
            vijftig jaar lang'.

            ## Stap 2: teken de keten

            Zet op een groot vel papier alle stappen: teelt, transport, verwerking, gebruik en
            afval. Schrijf bij elke stap welke energie en materialen erin gaan. Vaak zie je nu
            al waar de grote posten zitten.

            ## Stap 3: verzamel je eigen gegevens

            - energierekeningen en meterstanden per productielijn;
            - afstanden en vervoermiddelen van leveranciers en klanten;
            - hoeveelheden afval en uitval.

            ## Stap 4: reken met erkende kentallen

            Voor wat je niet zelf meet, gebruik je kentallen uit een openbare database. Noteer
            bij elk getal de bron.

            ## Stap 5: lees de uitkomst als een kaart

            Zoek de twee of drie stappen met de grootste impact: daar zit je
            verbeterpotentieel. Bij vezelproducten is dat vaak het drogen, bij kunststoffen de
            grondstof.

            ## Wanneer je meer nodig hebt

            Wil je een milieuclaim op je verpakking zetten of meedingen in een aanbesteding,
            dan heb je een volledige, getoetste LCA nodig. De vereenvoudigde versie is daar
            een goede voorbereiding op. Op
            [onze kennispagina](https://kringloopcijfers.example/lca-starten) staat een
            rekenblad om mee te beginnen.
            """,
    ),
    article(
        "biocooperatie",
        KENNIS,
        "Vezelhennep telen op zware klei: wat werkt en wat niet",
        author="pieter",
        visibility=PUBLIC,
        tags=["vezelgewassen", "agrifood"],
        themes=["vezels", "keten"],
        summary="Vijf seizoenen vezelhennep op Friese klei: zaaitijd, oogst en roten.",
        lead="""
            Op ons bedrijf telen we sinds vijf jaar vezelhennep tussen de aardappelen en de
            bieten. Zware klei is niet de makkelijkste grond voor hennep, maar met de juiste
            zaaitijd en een goede oogstplanning haal je een prima opbrengst.
            """,
        points="""
            - Zaai niet vóór half mei: hennep houdt niet van een koude, natte bodem.
            - Oogst de stengels zodra de mannelijke planten bloeien; later wordt de vezel
              grover.
            - Laat de stengels twee tot vier weken op het land roten en keer ze minstens één
              keer.
            """,
    ),
    article(
        "biocooperatie",
        CASE,
        "Vlasmatten in een kano: van proefstuk tot kleine serie",
        author="sjoerd",
        coauthors=["wietske"],
        visibility=PUBLIC,
        tags=["vezelgewassen", "biocomposieten"],
        themes=["composieten", "vezels"],
        summary="Een Friese botenbouwer verving glasvezel door vlas. Dit leerden we ervan.",
        lead="""
            Een botenbouwer uit de Zuidwesthoek vroeg ons of zijn kano's ook met vlas in
            plaats van glasvezel gebouwd konden worden. Na twaalf proefstukken en één
            gezonken prototype vaart er nu een kleine serie op de Friese meren.
            """,
        points="""
            - Vlasmatten moeten droog de werkplaats in: we verpakken ze nu per stuk in folie.
            - De kano werd iets zwaarder, maar stiller en prettiger om mee te peddelen.
            - Klanten kiezen de vlaskano vooral om het uiterlijk van de zichtbare vezel.
            """,
    ),
    article(
        "biocooperatie",
        KENNIS,
        "Hechting van vlasvezel in PLA: wat de trekproeven laten zien",
        author="wietske",
        tags=["biocomposieten", "materiaaltesten", "biopolymeren"],
        themes=["composieten", "biopolymeren"],
        summary="Drie oppervlaktebehandelingen vergeleken op zestig proefstaven.",
        lead="""
            Hoe goed hecht vlasvezel aan PLA, en helpt een behandeling van de vezel? We maakten
            zestig proefstaven met onbehandelde vezel en met drie behandelingen, en testten ze
            in ons lab op trek en buiging.
            """,
        points="""
            - Onbehandelde vezel gaf de laagste sterkte en de grootste spreiding.
            - Een koppelmiddel verhoogde de treksterkte met ongeveer een kwart.
            - Drogen vóór het persen had bijna evenveel effect als de behandeling zelf.
            """,
    ),
    article(
        "biocooperatie",
        HOWTO,
        "Hennepstof afzetten: vijf bestemmingen voor een lastige reststroom",
        author="gerrit",
        tags=["vezelgewassen", "recycling"],
        themes=["vezels", "keten"],
        summary="Bij het breken van hennep komt stof vrij. Zo vind je er een afnemer voor.",
        lead="""
            Bij het breken van hennepstengels komt tot tien procent van het gewicht vrij als
            fijn stof. Dat is geen afval, maar wel een stroom waar je actief een bestemming
            voor moet zoeken. Dit zijn de stappen die wij doorliepen.
            """,
        points="""
            - Meet de samenstelling: hoeveel vezel, scheven en zand zit erin?
            - Vraag bij biogasinstallaties in de buurt of ze het als co-substraat willen.
            - Bied het akkerbouwers aan als strooisel of bodemverbeteraar.
            - Test met een producent van bouwmaterialen of het als vulstof in leem kan.
            - Leg afspraken over afname en prijs per seizoen vast.
            """,
    ),
    article(
        "biocooperatie",
        CASE,
        "Bermmaaisel inzamelen en opslaan: een proef met drie gemeenten",
        author="esther",
        coauthors=["marieke"],
        tags=["logistiek", "bioraffinage"],
        themes=["keten", "bioraffinage"],
        summary="Hoe we het maaisel van drie gemeenten op tijd bij de bioraffinage kregen.",
        lead="""
            Gemeenten maaien hun bermen in een paar weken, de bioraffinage wil het hele jaar
            door grondstof. Vorig seizoen zamelden we het maaisel van drie gemeenten in en
            kuilden we een deel in voor de wintermaanden.
            """,
        points="""
            - Inkuilen werkt, mits het maaisel binnen een dag na het maaien wordt aangevoerd.
            - Zwerfafval in het maaisel was het grootste probleem; een sorteerband bij de
              inname is onmisbaar.
            - Vaste ophaalroutes met de aannemers van de gemeenten halveerden de
              transportkosten.
            """,
    ),
    article(
        "biocooperatie",
        HOWTO,
        "Van liter naar ton: een checklist voor opschalen",
        author="rutger",
        tags=["procesengineering", "bioraffinage"],
        themes=["bioraffinage", "fermentatie"],
        summary="De vragen die je moet beantwoorden voordat je een grotere installatie bestelt.",
        lead="""
            Elke maand spreek ik wel een ondernemer die een proces uit het lab wil opschalen.
            De vragen die ik dan stel, zijn bijna altijd dezelfde. Hier staan ze op een rij.
            """,
        points="""
            - Maak een sluitende massabalans: wat gaat erin, wat komt eruit, waar blijft het
              verschil?
            - Bepaal welke stap de snelheid bepaalt en schaal die als eerste op.
            - Ga na welke stromen bij opschaling een afvalprobleem worden.
            - Laat een veiligheidsanalyse maken voordat je apparatuur koopt.
            - Plan een tussenschaal in en reken op minstens drie maanden testen.
            """,
    ),
    article(
        "biocooperatie",
        KENNIS,
        "Zetmeel als bindmiddel: lijmen en coatings zonder fossiele grondstof",
        author="jannie",
        visibility=PUBLIC,
        tags=["chemie", "biopolymeren"],
        themes=["biopolymeren", "verpakking"],
        summary="Wat gemodificeerd aardappelzetmeel kan in lijm, coating en bioplastic.",
        lead="""
            Aardappelzetmeel kennen de meeste mensen uit de keuken, maar het is ook een
            veelzijdige grondstof voor de industrie. Met een kleine chemische aanpassing wordt
            het een lijm voor karton, een coating voor papier of de basis van een bioplastic.
            """,
        points="""
            - Zetmeellijm is al decennia de standaard in de karton- en papierindustrie.
            - Gemodificeerd zetmeel kan dienen als barrièrecoating, maar is gevoelig voor
              vocht.
            - Als bioplastic werkt zetmeel het best in een blend met een ander biopolymeer.
            """,
        link=("productbladen van Zetmeelhuis", "https://zetmeelhuis.example/toepassingen"),
    ),
    article(
        "biocooperatie",
        CASE,
        "Een zetmeelblend spuitgieten in de proeffabriek",
        author="jelle",
        coauthors=["jannie"],
        tags=["biopolymeren", "kunststofverwerking"],
        themes=["verwerking", "biopolymeren"],
        summary="Onze eerste spuitgietproef met een eigen zetmeelblend, dankzij de "
        "samenwerking met SUSPACC.",
        lead="""
            Via de samenwerking met SUSPACC konden we onze eigen zetmeelblend laten
            spuitgieten in de Groene Proeffabriek in Emmen. Het doel: een plantenpotje dat in
            de grond afbreekt. Na drie dagen proeven hadden we vijftig bruikbare potjes en
            veel nieuwe vragen.
            """,
        points="""
            - Het granulaat was niet droog genoeg: de eerste dag gaf alleen potjes vol
              blaasjes.
            - Met een lagere cilindertemperatuur en een kortere cyclus werd het product
              beter.
            - De operator van de proeffabriek was goud waard: plan zijn uren mee in.
            """,
    ),
    article(
        "biocooperatie",
        KENNIS,
        "Digestaat als grondstof: meer dan mest",
        author="klaas",
        tags=["biogas", "agrifood"],
        themes=["keten", "lca"],
        summary="Wat ons biogascollectief met het digestaat doet, en wat het oplevert.",
        lead="""
            Ons collectief van zes melkveehouders vergist mest en gras in een gezamenlijke
            installatie. Het biogas is de bekendste opbrengst, maar het digestaat dat
            overblijft, wordt steeds belangrijker voor ons verdienmodel.
            """,
        points="""
            - De dikke fractie gaat als bodemverbeteraar naar akkerbouwers in de buurt.
            - De dunne fractie vervangt op onze eigen percelen een deel van de kunstmest.
            - Een analyse per vracht maakt het digestaat beter verkoopbaar.
            """,
    ),
    article(
        "biocooperatie",
        CASE,
        "Leemstucwerk met hennepvezel in een Friese boerderij",
        author="douwe",
        visibility=PUBLIC,
        tags=["biobased bouwen", "vezelgewassen"],
        themes=["bouw", "vezels"],
        summary="Een monumentale boerderij kreeg binnen een afwerking van leem met hennepvezel.",
        lead="""
            Bij de restauratie van een stelpboerderij vroeg de eigenaar om een binnenafwerking
            die past bij het oude gebouw en vocht kan bufferen. We kozen voor leemstuc met
            korte hennepvezels uit de eigen regio.
            """,
        points="""
            - Hennepvezel als wapening gaf minder krimpscheuren dan het gebruikelijke stro.
            - Twee dunne lagen werkten beter dan één dikke.
            - De eigenaar waardeert vooral de akoestiek: de grote ruimte galmt niet meer.
            """,
    ),
    article(
        "biocooperatie",
        KENNIS,
        "Groene chemie voor het mkb: waar begin je?",
        author="thijs",
        tags=["chemie", "subsidies"],
        themes=["biopolymeren", "subsidie"],
        summary="Drie vragen om te bepalen of een biobased grondstof voor jouw bedrijf "
        "interessant is.",
        lead="""
            Groene chemie klinkt als iets voor grote chemiebedrijven met eigen
            onderzoekslabs. Toch zie ik in mijn adviespraktijk juist bij mkb-bedrijven kansen:
            zij kunnen sneller schakelen en kleine markten bedienen die voor de grote spelers
            niet interessant zijn.
            """,
        points="""
            - Kijk eerst naar de grondstoffen die je nu inkoopt: welke heeft een biobased
              alternatief?
            - Vraag leveranciers om proefhoeveelheden; vaak zijn die gratis.
            - Laat een kennisinstelling meekijken, bijvoorbeeld via een afstudeerder.
            """,
    ),
    article(
        "biocooperatie",
        HOWTO,
        "Circulair ontwerpen met natuurvezels: een werkwijze in vier rondes",
        author="nynke",
        tags=["circulair ontwerp", "vezelgewassen"],
        themes=["verpakking", "composieten"],
        summary="Hoe ik met klanten van eerste schets tot demontabel product kom.",
        lead="""
            Als productontwerper krijg ik steeds vaker de vraag om een product 'biobased en
            circulair' te maken. Dat zijn twee verschillende opgaven. Ik werk daarom in vier
            rondes, waarin materiaal en einde levensduur samen op tafel komen.
            """,
        points="""
            - Breng samen met de klant het gebruik in kaart: wie gebruikt het, hoe lang, en
              wat gebeurt er daarna?
            - Kies een materiaal dat bij dat gebruik past, niet andersom.
            - Ontwerp verbindingen die los kunnen: klikken en schroeven in plaats van lijmen.
            - Test een prototype bij echte gebruikers en bij een recycler.
            """,
    ),
    article(
        "biocooperatie",
        KENNIS,
        "Plantaardig eiwit van Drentse akkers: veldbonen in de keten",
        author="roelof",
        visibility=PUBLIC,
        tags=["eiwittransitie", "agrifood"],
        themes=["eiwit", "keten"],
        summary="Wat er nodig is om veldbonen van de akker tot eiwitconcentraat te brengen.",
        lead="""
            Veldbonen waren decennialang bijna verdwenen uit Drenthe. Nu telen twintig boeren
            ze weer voor Akkerwaarde, waar we er een eiwitconcentraat van maken voor
            vleesvervangers en bakkerijproducten.
            """,
        points="""
            - Veldbonen binden zelf stikstof: de teler bespaart op kunstmest.
            - Een meerjarige prijsafspraak gaf boeren het vertrouwen om te beginnen.
            - De vezels en het zetmeel uit de bonen zoeken nog een betere bestemming.
            """,
    ),
    article(
        "biocooperatie",
        CASE,
        "Zeewier telen op de Waddenzee: ons eerste oogstjaar",
        author="tamara",
        coauthors=["tjeerd"],
        visibility=PUBLIC,
        tags=["zeewier", "eiwittransitie"],
        themes=["eiwit", "bioraffinage"],
        summary="Van zaailijn tot droge oogst: wat ons eerste jaar zeewierteelt ons leerde.",
        lead="""
            In het najaar hingen we de eerste lijnen met jong suikerwier in het water, in het
            voorjaar oogstten we. Tussendoor leerden we meer over stormen, getijden en drogen
            dan we vooraf hadden gedacht.
            """,
        points="""
            - Twee van de zes lijnen sloegen los in een najaarsstorm: verankering is alles.
            - Een oogst die niet binnen zes uur droogt, verliest snel aan kwaliteit.
            - Afnemers in de voedingsindustrie vragen om analyses op jodium en zware
              metalen.
            """,
    ),
    article(
        "biocooperatie",
        HOWTO,
        "Zeewier drogen en bewaren zonder kwaliteitsverlies",
        author="tjeerd",
        tags=["zeewier", "procesengineering"],
        themes=["eiwit", "keten"],
        summary="Een werkwijze om zeewier binnen zes uur na de oogst te drogen.",
        lead="""
            Vers zeewier bestaat voor bijna negentig procent uit water en begint binnen een
            dag te bederven. Na een jaar proberen hebben we een droogmethode die werkt met
            eenvoudige middelen.
            """,
        points="""
            - Spoel het wier direct na de oogst met zeewater, niet met zoet water.
            - Laat het hooguit een uur uitlekken in kratten.
            - Droog in dunne lagen bij hooguit 40 °C, met veel luchtbeweging.
            - Verpak het gedroogde wier luchtdicht en bewaar het donker.
            """,
    ),
    article(
        "biocooperatie",
        KENNIS,
        "Van bijeenkomst naar project: zo werkt de Biocoöperatie",
        author="anke",
        tags=["projectmanagement", "ondernemerschap"],
        themes=["samenwerking", "subsidie"],
        summary="Waarom elk idee bij ons een trekker en een datum krijgt.",
        lead="""
            Leden vragen me weleens wat een coördinator eigenlijk doet. Het korte antwoord:
            zorgen dat goede gesprekken niet bij een gesprek blijven. Het lange antwoord staat
            hieronder.
            """,
        points="""
            - Na elke bijeenkomst staat binnen een week een actielijst in het netwerk.
            - Elk idee heeft een trekker; zonder trekker schrappen we het.
            - Twee keer per jaar kijken we samen welke ideeën een project zijn geworden.
            """,
    ),
    article(
        "biocooperatie",
        HOWTO,
        "Een samenwerkingsovereenkomst op één A4",
        author="anke",
        coauthors=["hendrik"],
        tags=["projectmanagement", "subsidies"],
        themes=["samenwerking", "subsidie"],
        summary="Het model dat leden gebruiken voor kleine samenwerkingen.",
        lead="""
            Niet elke samenwerking heeft een jurist nodig. Voor kleine projecten tussen leden
            gebruiken we een model van één A4. Het dwingt je om over de lastige punten te
            praten voordat ze lastig worden.
            """,
        points="""
            - Beschrijf in twee zinnen het doel en het beoogde resultaat.
            - Zet per partner de bijdrage in uren, geld en materiaal op een rij.
            - Spreek af van wie de resultaten zijn en wie ze mag gebruiken.
            - Leg vast wat er gebeurt als een partner eerder stopt.
            - Laat alle partners tekenen en bewaar het document in het netwerk.
            """,
        link=("het model", "https://biocooperatie.example/modellen/samenwerking"),
    ),
    article(
        "biocooperatie",
        KENNIS,
        "Werkdocument: gezamenlijke afzet van hennepscheven",
        author="pieter",
        visibility=CIRCLE,
        circle=["gerrit", "douwe", "anke"],
        tags=["vezelgewassen", "biobased bouwen"],
        themes=["vezels", "bouw"],
        closing="Het voorstel",
        summary="Voorstel voor een gezamenlijke verkoop van scheven aan bouwbedrijven.",
        lead="""
            Dit werkdocument delen we alleen met de telers, de verwerker en de bouwer die aan
            tafel zitten. Het voorstel: we bundelen de scheven van drie telers en verkopen ze
            als één partij met een vaste kwaliteit aan bouwbedrijven.
            """,
        points="""
            - Hennepheem neemt de scheven af, zeeft ze en slaat ze droog op.
            - Stroleem en twee andere bouwers nemen een vaste hoeveelheid per jaar af.
            - We herzien de prijs jaarlijks op basis van de kosten van de verwerker.
            """,
    ),
    article(
        "biocooperatie",
        KENNIS,
        "Werkdocument: businesscase graseiwit voor diervoer",
        author="marieke",
        visibility=CIRCLE,
        circle=["rutger", "roelof", "klaas"],
        tags=["bioraffinage", "eiwittransitie"],
        themes=["bioraffinage", "eiwit"],
        closing="Eerste uitkomsten",
        summary="Eerste doorrekening van de afzet van graseiwit aan mengvoerbedrijven.",
        lead="""
            Vertrouwelijk werkdocument voor de partners in het graseiwitproject. We rekenen
            door wat de afzet van graseiwit aan mengvoerbedrijven oplevert bij drie
            prijsscenario's.
            """,
        points="""
            - Bij de huidige sojaprijs is graseiwit net niet concurrerend.
            - Met een meerprijs voor regionaal, gentechvrij eiwit is de businesscase
              positief.
            - De opbrengst van de vezel maakt het verschil tussen verlies en winst.
            """,
    ),
    article(
        "biocooperatie",
        KENNIS,
        "Concept: PHA uit gefermenteerd graspersvocht",
        author="lisanne",
        visibility=PRIVATE,
        draft=True,
        tags=["fermentatie", "biopolymeren"],
        themes=["fermentatie", "biopolymeren"],
        closing="Nog te doen",
        summary="Eerste, nog onvolledige resultaten van onze PHA-proeven.",
        lead="""
            Nog niet delen: de resultaten van de eerste serie zijn veelbelovend, maar de
            herhaling loopt nog. Bacteriën die we op graspersvocht lieten groeien, sloegen in
            drie van de vijf batches meetbaar PHA op.
            """,
        points="""
            - Aanvullen: opbrengst per liter en zuiverheid na extractie.
            - Rutger vragen of er genoeg persvocht is voor een batch van vijftig liter.
            - Grafieken van de groeicurves toevoegen.
            """,
    ),
    article(
        "biocooperatie",
        CASE,
        "Concept: LCA van vlas- en hennepmatten",
        author="bram",
        coauthors=["sjoerd"],
        visibility=PRIVATE,
        draft=True,
        tags=["levenscyclusanalyse", "vezelgewassen"],
        themes=["lca", "vezels"],
        closing="Nog te doen",
        summary="Tussenstand van de LCA voor Groenvezel, nog niet gecontroleerd.",
        lead="""
            Conceptversie voor Sjoerd en mij. De eerste berekening laat zien dat het drogen
            van de matten de grootste post is, groter dan de teelt en het transport samen.
            """,
        points="""
            - Navragen: het gasverbruik van de droger per ton.
            - Vergelijking met glasvezelmat toevoegen, bij gelijke stijfheid.
            - Gevoeligheidsanalyse voor de transportafstand.
            """,
    ),
    # --- SUSPACC ---
    article(
        "suspacc",
        KENNIS,
        "PLA of PHA? Een eerlijke vergelijking voor productontwikkelaars",
        author="yvonne",
        coauthors=["inge"],
        visibility=PUBLIC,
        tags=["biopolymeren", "kunststofverwerking"],
        summary="De twee bekendste biobased polyesters naast elkaar: eigenschappen, "
        "afbreekbaarheid, prijs en verwerking.",
        body="""
            Klanten vragen ons steeds vaker om 'een bioplastic'. Maar welke? PLA en PHA zijn
            de twee bekendste biobased polyesters, en ze verschillen meer dan de namen doen
            vermoeden. Deze vergelijking is gebaseerd op proeven in de Groene Proeffabriek en
            op de databladen van leveranciers.

            ## PLA: stijf, helder en betaalbaar

            PLA (polymelkzuur) wordt gemaakt van melkzuur uit gefermenteerde suikers. Het is:

            - **stijf en helder**, goed voor bekers, folies en 3D-printfilament;
            - **relatief goedkoop**, omdat het op grote schaal wordt geproduceerd;
            - **gevoelig voor warmte**: boven ongeveer 55 °C wordt het zacht;
            - **industrieel composteerbaar**, maar niet afbreekbaar in de bodem of in zee.

            ## PHA: taai en breed afbreekbaar

            PHA (polyhydroxyalkanoaten) maken bacteriën zelf aan als energievoorraad. Het is:

            - **taaier** dan PLA en beter bestand tegen warmte;
            - **afbreekbaar in bodem en zeewater**, interessant voor producten die in het
              milieu terecht kunnen komen;
            - **duurder**, en de beschikbaarheid is nog beperkt;
            - **lastiger te verwerken**: het verwerkingsvenster is smal en het materiaal
              kristalliseert langzaam.

            ## Wanneer kies je wat?

            1. Een stijf product voor binnen, met een scherpe prijs: begin bij PLA.
            2. Een product dat buiten wordt gebruikt of in het milieu kan belanden: overweeg
               PHA.
            3. Een taai product dat warmte moet verdragen: kijk naar een blend van PLA met PHA
               of met een ander additief.

            ## Verwerking in de proeffabriek

            Beide materialen moeten goed gedroogd worden. Voor PLA gebruiken we vier uur bij
            80 °C, voor PHA een lagere temperatuur. Leden kunnen op de compoundeerlijn eigen
            blends maken en die direct op de spuitgietmachine testen. Boeken gaat via
            [de machineplanning](https://proeffabriek-emmen.example/planning).
            """,
    ),
    article(
        "suspacc",
        HOWTO,
        "Zo boek je een machine in de Groene Proeffabriek",
        author="sander",
        coauthors=["jeroen"],
        tags=["kunststofverwerking", "projectmanagement"],
        summary="Van eerste idee tot factuur: boeken, kosten, annuleren en het logboek.",
        body="""
            De Groene Proeffabriek heeft vier machines die leden kunnen boeken: de
            compoundeerlijn, de spuitgietmachine, de plaatpers en de grote 3D-printer. Zo
            werkt het boeken, van eerste idee tot factuur.

            ## Voordat je boekt

            - Lees het veiligheidsblad van de machine. Wie nog niet op de machine is getraind,
              boekt een operator mee.
            - Zorg dat je materiaal gedroogd en gelabeld aankomt, met het datablad erbij.
            - Stuur bij een nieuw materiaal een week van tevoren het
              veiligheidsinformatieblad.

            ## Boeken in vier stappen

            1. Kies in [de machineplanning](https://proeffabriek-emmen.example/planning) een
               vrij dagdeel.
            2. Vul in wat je wilt doen, met welk materiaal en hoeveel.
            3. Geef aan of je een operator nodig hebt.
            4. Binnen twee werkdagen krijg je een bevestiging van de planner.

            ## Kosten

            Leden betalen per dagdeel, met een toeslag voor operatoruren. Reinigen na gebruik
            is inbegrepen, mits het materiaal vooraf is opgegeven. Wie een materiaal gebruikt
            dat de cilinder vervuilt, betaalt de extra reinigingstijd.

            ## Annuleren

            Tot drie werkdagen van tevoren is annuleren kosteloos. Daarna rekenen we de helft,
            tenzij een ander lid het dagdeel overneemt.

            ## Na afloop

            Noteer je instellingen in het logboek bij de machine. Zo leren andere leden van
            jouw ervaring en vind je de instellingen later zelf terug.
            """,
    ),
    article(
        "suspacc",
        CASE,
        "Een deurpaneel van hennepcomposiet: van matrijs tot eerste serie",
        author="erik",
        coauthors=["arjen"],
        visibility=PUBLIC,
        tags=["biocomposieten", "kunststofverwerking", "vezelgewassen"],
        themes=["composieten", "verwerking"],
        summary="Hoe we met hennepvezel een lichter deurpaneel voor bestelbussen maakten.",
        lead="""
            Een bouwer van bestelbussen zocht een lichter en duurzamer deurpaneel. Samen met
            Emmer Spuitgiettechniek ontwikkelden we een paneel van hennepvezel in
            polypropeen, geperst op de plaatpers van de proeffabriek.
            """,
        points="""
            - Het paneel is twintig procent lichter dan de versie met glasvezel.
            - Vezeldroging vóór het compounderen bleek doorslaggevend voor de
              oppervlaktekwaliteit.
            - De eerste serie van tweehonderd stuks is geleverd; de klant heeft opnieuw
              besteld.
            """,
    ),
    article(
        "suspacc",
        KENNIS,
        "Mechanische recycling van biocomposieten: kan dat?",
        author="henk",
        visibility=PUBLIC,
        tags=["recycling", "biocomposieten"],
        themes=["recycling", "composieten"],
        summary="Wat er gebeurt als je een natuurvezelcomposiet maalt en opnieuw verwerkt.",
        lead="""
            Biocomposieten worden vaak als duurzaam aangeprezen, maar wat gebeurt er aan het
            einde van hun leven? Bij Tweede Leven Kunststoffen maalden we afgedankte panelen
            en verwerkten we ze opnieuw.
            """,
        points="""
            - Composieten met een thermoplastische matrix laten zich goed malen en opnieuw
              spuitgieten.
            - De vezels worden bij elke ronde korter: stijfheid en sterkte nemen af.
            - Als vulstof in een nieuw product heeft het regranulaat prima eigenschappen.
            """,
    ),
    article(
        "suspacc",
        HOWTO,
        "3D-printen met gerecycled PETG: instellingen die werken",
        author="mirjam",
        visibility=PUBLIC,
        tags=["3D-printen", "recycling"],
        themes=["printen", "recycling"],
        summary="Onze standaardinstellingen voor filament uit gerecyclede flessen.",
        lead="""
            Bij Printwerk Drenthe printen we dagelijks met PETG dat gemaakt is van
            gerecyclede flessen. Dat materiaal gedraagt zich net iets anders dan nieuw
            filament. Dit zijn de instellingen waar we na veel proberen op uitkwamen.
            """,
        points="""
            - Droog het filament vier uur bij 65 °C, ook als de rol nieuw is.
            - Print op 235 tot 245 °C, met een bedtemperatuur van 80 °C.
            - Houd de koelventilator laag bij de eerste lagen en zet hem daarna op de helft.
            - Print een vijfde langzamer dan met nieuw PETG.
            """,
    ),
    article(
        "suspacc",
        CASE,
        "Een aluminium matrijs voor kleine series",
        author="arjen",
        tags=["kunststofverwerking"],
        themes=["verwerking", "printen"],
        summary="Waarom een aluminium matrijs voor proefseries vaak de slimste keuze is.",
        lead="""
            Voor een klant die driehonderd behuizingen van een biobased compound nodig had,
            was een stalen matrijs te duur en te traag. We freesden er een uit aluminium, in
            drie weken in plaats van drie maanden.
            """,
        points="""
            - De aluminium matrijs kostte ongeveer een derde van een stalen uitvoering.
            - Na vijfhonderd schoten was er nauwelijks slijtage, ook niet met vezelcompound.
            - Voor grotere series blijft staal de betere keuze.
            """,
    ),
    article(
        "suspacc",
        KENNIS,
        "Compounderen met natuurvezels: vocht is de vijand",
        author="yvonne",
        tags=["biopolymeren", "biocomposieten", "procesengineering"],
        themes=["verwerking", "composieten"],
        summary="Hoe vocht in vezel en polymeer een compound bederft, en wat je ertegen doet.",
        lead="""
            Bij bijna elke mislukte compoundeerproef in de proeffabriek blijkt vocht de
            boosdoener. Natuurvezels en veel biopolymeren nemen water op uit de lucht, en dat
            water komt in de extruder als stoom weer vrij.
            """,
        points="""
            - Droog vezels tot onder de twee procent vocht en verwerk ze direct.
            - Gebruik de ontgassingszone van de extruder en controleer of die vrij blijft.
            - Meet het vocht van elke partij voordat die de trechter in gaat.
            """,
    ),
    article(
        "suspacc",
        HOWTO,
        "Biobased filament zelf maken op de compoundeerlijn",
        author="mirjam",
        coauthors=["sander"],
        tags=["3D-printen", "biopolymeren"],
        themes=["printen", "verwerking"],
        summary="Van granulaat tot rol filament in de proeffabriek, in zes stappen.",
        lead="""
            Wie met een eigen blend wil printen, kan in de proeffabriek zelf filament maken.
            De compoundeerlijn heeft sinds kort een opzetstuk voor filament met een
            diametermeting. Zo pak je het aan.
            """,
        points="""
            - Droog granulaat en additieven volgens het datablad.
            - Maak eerst een kleine proefcompound van een paar kilo.
            - Stel het trekwerk in op 1,75 millimeter en controleer de meting.
            - Wikkel op rollen van een kilo en label elke rol met receptuur en datum.
            - Print een testkubus en een brug voordat je grotere stukken print.
            - Noteer de instellingen in het logboek van de lijn.
            """,
    ),
    article(
        "suspacc",
        KENNIS,
        "Van fossiel naar biobased monomeer: groene chemie rond Emmen",
        author="thijs",
        visibility=PUBLIC,
        tags=["chemie", "biopolymeren"],
        themes=["biopolymeren", "lca"],
        summary="Welke bouwstenen voor kunststoffen al uit biomassa worden gemaakt.",
        lead="""
            Rond Emmen worden al meer dan een halve eeuw kunststoffen en vezels gemaakt. De
            meeste grondstoffen daarvoor komen uit aardolie. Steeds meer van die bouwstenen,
            de monomeren, kunnen ook uit biomassa worden gemaakt.
            """,
        points="""
            - Biobased etheen en glycol zijn chemisch gelijk aan hun fossiele tegenhangers.
            - Melkzuur en barnsteenzuur openen de weg naar nieuwe polymeren.
            - De klimaatwinst hangt sterk af van de biomassa en van de energie in het
              proces.
            """,
    ),
    article(
        "suspacc",
        CASE,
        "Afgekeurde prints terug in de kringloop",
        author="mirjam",
        coauthors=["henk"],
        tags=["3D-printen", "recycling"],
        themes=["recycling", "printen"],
        summary="Hoe we mislukte prints en steunmateriaal weer tot filament verwerken.",
        lead="""
            Bij een 3D-printbedrijf gaat ongeveer een tiende van het materiaal verloren aan
            mislukte prints en steunmateriaal. Samen met Tweede Leven Kunststoffen zetten we
            een kringloop op: wij sorteren, zij malen, en in de proeffabriek wordt er weer
            filament van gemaakt.
            """,
        points="""
            - Strikt sorteren per materiaal en kleur is de helft van het werk.
            - Het gerecyclede filament is prima voor mallen en prototypes.
            - Voor zichtdelen mengen we hooguit een derde gerecycled materiaal bij.
            """,
    ),
    article(
        "suspacc",
        KENNIS,
        "Biobased verpakkingen ontwerpen: wat een ontwerper moet weten",
        author="nynke",
        visibility=PUBLIC,
        tags=["circulair ontwerp", "biopolymeren"],
        themes=["verpakking", "biopolymeren"],
        summary="De vragen die ik stel voordat ik een verpakking van bioplastic teken.",
        lead="""
            Opdrachtgevers vragen vaak om een verpakking 'van bioplastic'. Voordat ik ga
            tekenen, wil ik weten wat de verpakking moet doen en waar die na gebruik
            terechtkomt. Het antwoord bepaalt het materiaal meer dan de wens om groen te zijn.
            """,
        points="""
            - Vraag naar de houdbaarheid die het product nodig heeft.
            - Ga na in welke afvalbak de consument de verpakking gooit.
            - Kies bij twijfel voor één materiaal boven een ingewikkeld laminaat.
            """,
    ),
    article(
        "suspacc",
        HOWTO,
        "Studenten in de proeffabriek: een praktijkweek organiseren",
        author="wouter",
        tags=["onderwijs", "kunststofverwerking"],
        themes=["onderwijs", "verwerking"],
        summary="Hoe we tweedejaars kunststoftechnologie een week aan echte vragen van "
        "leden laten werken.",
        lead="""
            Elk voorjaar brengen tweedejaarsstudenten kunststoftechnologie een week door in
            de Groene Proeffabriek. Ze werken aan echte vragen van SUSPACC-leden. Zo
            organiseren we dat.
            """,
        points="""
            - Verzamel in het najaar vragen van leden: klein, concreet en binnen een week te
              beantwoorden.
            - Boek de machines ruim van tevoren, met operatoruren erbij.
            - Laat elk groepje beginnen met een veiligheidsinstructie van de operator.
            - Sluit af met een presentatie voor de leden die de vragen inbrachten.
            """,
    ),
    article(
        "suspacc",
        KENNIS,
        "Wat kost een uur in de proeffabriek? Zo bepalen we het tarief",
        author="jeroen",
        tags=["ondernemerschap", "projectmanagement"],
        themes=["samenwerking", "verwerking"],
        summary="De opbouw van de machinetarieven voor leden, uitgelegd.",
        lead="""
            Leden vragen regelmatig hoe het uurtarief van de machines tot stand komt. In een
            gedeelde voorziening is openheid daarover belangrijk, dus hier de opbouw.
            """,
        points="""
            - Afschrijving van de machine over tien jaar, verdeeld over de verwachte
              bezetting.
            - Energie, onderhoud en verzekering per draaiuur.
            - Operatoruren apart, zodat ervaren gebruikers niet betalen voor hulp die ze
              niet nodig hebben.
            """,
    ),
    article(
        "suspacc",
        KENNIS,
        "Werkdocument: gezamenlijke inkoop van PHA-granulaat",
        author="inge",
        visibility=CIRCLE,
        circle=["yvonne", "erik", "mirjam"],
        tags=["biopolymeren"],
        themes=["biopolymeren", "samenwerking"],
        closing="Het voorstel",
        summary="Voorstel om PHA samen in te kopen en zo een betere prijs te krijgen.",
        lead="""
            Voor de leden die PHA willen gebruiken: nu kopen we allemaal los kleine
            hoeveelheden tegen een hoge prijs. Als we samen één jaarvolume afnemen, komen we
            in een lagere prijsklasse.
            """,
        points="""
            - Hondsrug Polymeren bestelt en slaat het granulaat droog op.
            - Elke deelnemer geeft vóór het einde van de maand zijn verwachte volume door.
            - We verdelen de kosten naar afgenomen kilo's, opslag inbegrepen.
            """,
    ),
    article(
        "suspacc",
        HOWTO,
        "Concept: meetprotocol voor krimp bij spuitgieten van PLA",
        author="arjen",
        visibility=PRIVATE,
        draft=True,
        tags=["kunststofverwerking", "materiaaltesten"],
        themes=["verwerking"],
        closing="Eerste opzet",
        summary="Eerste opzet voor een vaste meetmethode, nog niet getest.",
        lead="""
            Eerste opzet, nog niet gedeeld. Ik wil een vaste methode om de krimp van
            PLA-producten te meten, zodat we de resultaten van verschillende leden kunnen
            vergelijken.
            """,
        points="""
            - Meet na 24 uur conditioneren bij kamertemperatuur.
            - Gebruik een vaste proefplaat uit de matrijs van de proeffabriek.
            - Nog uitzoeken: meten we ook na een week?
            """,
    ),
    article(
        "suspacc",
        CASE,
        "LCA van een biocomposiet paneel: waar zit de impact?",
        author="erik",
        coauthors=["thijs"],
        tags=["levenscyclusanalyse", "biocomposieten"],
        themes=["lca", "composieten"],
        summary="Wat een levenscyclusanalyse van ons deurpaneel liet zien.",
        lead="""
            Na de eerste serie deurpanelen wilden we weten of het hennepcomposiet echt beter
            scoort dan glasvezel. Met hulp van Thijs Huizinga maakten we een vereenvoudigde
            LCA.
            """,
        points="""
            - Over de hele levensduur scoort het hennepcomposiet ongeveer een derde beter op
              klimaat.
            - De grootste post is de matrix van polypropeen, niet de vezel.
            - Een biobased matrix zou de score verder verbeteren, maar maakt het paneel
              duurder.
            """,
    ),
    # --- BERNN ---
    article(
        "bernn",
        KENNIS,
        "Eén aanvraag, vijftien projecten: zo werkt de BERNN-aanvraag",
        author="ilse",
        coauthors=["femke"],
        visibility=PUBLIC,
        tags=["subsidies", "onderwijs", "projectmanagement"],
        summary="Waarom de noordelijke hogescholen en de universiteit samen één aanvraag "
        "indienen, en hoe de vijftien projecten daaronder vallen.",
        body="""
            De noordelijke hogescholen en de universiteit dienen samen één subsidieaanvraag in
            voor onderzoek naar de biobased economie. Onder die paraplu vallen vijftien kleine
            projecten, elk met een eigen trekker, een bedrijf uit de regio en studenten.
            Hieronder leggen we uit waarom we zo werken en hoe het in de praktijk gaat.

            ## Waarom één aanvraag?

            Elke instelling kan apart aanvragen, maar dan concurreren we met elkaar om
            dezelfde middelen en zien beoordelaars vijf losse voorstellen zonder samenhang. Eén
            gezamenlijke aanvraag laat zien dat het Noorden een programma heeft, geen
            verzameling losse projecten. Bovendien delen we de administratieve last: één
            penvoerder doet de verantwoording.

            ## Hoe de projecten zijn ingedeeld

            De vijftien projecten vallen in drie lijnen:

            - **Grondstoffen**: vezelgewassen, gras en zeewier, van teelt tot eerste
              verwerking.
            - **Materialen**: biopolymeren, biocomposieten en biobased bouwmaterialen.
            - **Kringloop**: recycling, levenscyclusanalyse en circulaire verpakkingen.

            Elk project duurt één tot twee jaar, heeft een begroting tussen de veertig- en
            honderdduizend euro en levert iets op dat een bedrijf direct kan gebruiken.

            ## De rol van bedrijven

            Ieder project heeft minstens één bedrijf als partner, vaak uit de Biocoöperatie of
            SUSPACC. Het bedrijf brengt de vraag in, levert materiaal of machine-uren en
            krijgt de resultaten. Die inbreng telt mee als cofinanciering.

            ## Wie doet wat

            - De **penvoerder**, Kennisinstituut Eems, beheert de aanvraag en de
              verantwoording.
            - De **programmaraad**, met een lector per instelling, bewaakt de samenhang.
            - Elke **projecttrekker** is verantwoordelijk voor de planning, de studenten en de
              resultaten van zijn of haar project.

            ## Stand van zaken

            De aanvraag is ingediend; het besluit verwachten we binnen enkele maanden.
            Ondertussen bereiden de trekkers hun projecten voor, zodat we direct na toekenning
            kunnen beginnen. Bedrijven die willen aanhaken, kunnen contact opnemen met de
            penvoerder via [de programmapagina](https://bernn.example/aanvraag).
            """,
    ),
    article(
        "bernn",
        HOWTO,
        "Een deelproject indienen onder de gezamenlijke aanvraag",
        author="ilse",
        tags=["subsidies", "projectmanagement"],
        themes=["subsidie", "onderwijs"],
        summary="Wat een projecttrekker moet aanleveren, en in welke vorm.",
        lead="""
            Elk van de vijftien deelprojecten heeft een eigen projectplan nodig dat past in
            het format van de gezamenlijke aanvraag. Hier staat wat ik als penvoerder van de
            trekkers nodig heb.
            """,
        points="""
            - Een projectplan van hooguit vier pagina's in het vaste format.
            - Een begroting in het rekenblad van de penvoerder, met uren per instelling.
            - Een intentieverklaring van elk deelnemend bedrijf.
            - Een planning met minstens twee meetbare mijlpalen.
            """,
    ),
    article(
        "bernn",
        KENNIS,
        "Wat een lectoraat voor een mkb-bedrijf kan betekenen",
        author="sietske",
        visibility=PUBLIC,
        tags=["onderwijs", "ondernemerschap"],
        themes=["onderwijs", "samenwerking"],
        summary="Drie manieren waarop bedrijven met een lectoraat samenwerken.",
        lead="""
            Veel ondernemers weten niet dat ze met een praktijkvraag bij een hogeschool
            terechtkunnen. Een lectoraat is juist bedoeld voor onderzoek dat bedrijven direct
            verder helpt.
            """,
        points="""
            - Een afstudeeropdracht: een student werkt een half jaar aan één vraag.
            - Een praktijkgericht onderzoeksproject met meerdere bedrijven, vaak met
              subsidie.
            - Een gastles of excursie: studenten leren van het bedrijf, het bedrijf leert
              studenten kennen.
            """,
    ),
    article(
        "bernn",
        CASE,
        "Studenten testen hennepbeton: een minor in de praktijk",
        author="maarten",
        coauthors=["bart"],
        visibility=PUBLIC,
        tags=["biobased bouwen", "onderwijs", "vezelgewassen"],
        themes=["bouw", "onderwijs"],
        summary="Twintig studenten, veertig proefblokken en één bouwbedrijf als opdrachtgever.",
        lead="""
            In de minor biobased bouwen maakten twintig studenten van drie hogescholen
            proefblokken van hennepbeton met verschillende mengverhoudingen. Een bouwbedrijf
            uit de Biocoöperatie was opdrachtgever.
            """,
        points="""
            - De studenten vonden een mengverhouding die sneller droogt zonder verlies van
              isolatiewaarde.
            - Het bouwbedrijf gebruikt de resultaten bij zijn volgende project.
            - Volgend jaar herhalen we de proef met vlasscheven.
            """,
    ),
    article(
        "bernn",
        KENNIS,
        "Katalytische omzetting van suikers naar bouwstenen voor kunststoffen",
        author="karin",
        tags=["chemie", "bioraffinage"],
        themes=["bioraffinage", "biopolymeren"],
        summary="Een inleiding in ons onderzoek naar katalyse voor groene chemie.",
        lead="""
            In onze onderzoeksgroep ontwikkelen we katalysatoren die suikers uit biomassa
            omzetten in chemische bouwstenen. Een goede katalysator maakt een reactie sneller,
            selectiever en zuiniger met energie.
            """,
        points="""
            - Een katalysator wordt niet verbruikt en kan vaak opnieuw worden gebruikt.
            - Ruwe suikerstromen uit reststromen bevatten stoffen die de katalysator
              vergiftigen.
            - We zoeken bedrijven met een suikerrijke reststroom om onze katalysatoren op te
              testen.
            """,
    ),
    article(
        "bernn",
        KENNIS,
        "Fermentatie van reststromen: van bietenpulp tot PHA",
        author="joost",
        visibility=PUBLIC,
        tags=["fermentatie", "biopolymeren"],
        themes=["fermentatie", "biopolymeren"],
        summary="Hoe bacteriën bietenpulp omzetten in een afbreekbare kunststof.",
        lead="""
            Bij de suikerwinning blijft bietenpulp over. In mijn postdoconderzoek laten we
            bacteriën groeien op gefermenteerde pulp, waarna ze PHA in hun cellen opslaan: een
            kunststof die in bodem en zee afbreekt.
            """,
        points="""
            - Eerst zetten we de pulp om in vetzuren, in een open fermentatie zonder steriel
              te werken.
            - Daarna slaan geselecteerde bacteriën die vetzuren op als PHA.
            - Het winnen van PHA uit de cellen is nog de duurste en minst duurzame stap.
            """,
    ),
    article(
        "bernn",
        HOWTO,
        "Een afstudeeropdracht die bedrijf én student verder helpt",
        author="ellen",
        tags=["onderwijs"],
        themes=["onderwijs", "samenwerking"],
        summary="Een checklist voor bedrijven die een afstudeerder zoeken.",
        lead="""
            Als coördinator onderwijs en stages zie ik elk jaar tientallen opdrachten
            voorbijkomen. De beste hebben een paar dingen gemeen. Loop deze lijst na voordat
            je een opdracht instuurt.
            """,
        points="""
            - Beschrijf één concrete vraag, geen heel onderzoeksgebied.
            - Zorg voor een vaste begeleider in het bedrijf, met een uur per week.
            - Geef aan welke voorzieningen de student mag gebruiken.
            - Spreek af wat er met vertrouwelijke gegevens gebeurt.
            """,
    ),
    article(
        "bernn",
        CASE,
        "Een practicum bioraffinage met echt gras",
        author="rick",
        tags=["bioraffinage", "onderwijs"],
        themes=["bioraffinage", "onderwijs"],
        summary="Hoe tweedejaars procestechnologie zelf eiwit uit gras winnen.",
        lead="""
            Bioraffinage leer je niet uit een boek alleen. Daarom persen onze tweedejaars
            procestechnologie zelf gras, scheiden ze het sap en winnen ze eiwit. Het gras komt
            van een proefveld van een lid van de Biocoöperatie.
            """,
        points="""
            - Vers gras moet binnen een paar uur na het maaien in het lab zijn.
            - Studenten maken zelf de massabalans en vergelijken die met de
              demonstratie-installatie.
            - Het practicum eindigt met een bezoek aan de installatie op het boerenerf.
            """,
    ),
    article(
        "bernn",
        KENNIS,
        "Biobased bouwmaterialen en de normen: waar staan we?",
        author="maarten",
        tags=["biobased bouwen", "materiaaltesten"],
        themes=["bouw", "lca"],
        summary="Een overzicht van de testen die een biobased bouwproduct moet doorstaan.",
        lead="""
            Een biobased bouwproduct is pas echt marktrijp als het aantoonbaar voldoet aan de
            eisen voor brandveiligheid, isolatie en sterkte. In ons onderzoek zien we dat
            juist het bewijs, niet het product, vaak het knelpunt is.
            """,
        points="""
            - Voor brandgedrag is een test bij een erkend laboratorium nodig; reken op
              enkele maanden.
            - Isolatiewaarden kunnen hogescholen zelf meten met een warmtestroommeter.
            - Een milieuprestatieverklaring maakt het product zichtbaar in aanbestedingen.
            """,
    ),
    article(
        "bernn",
        HOWTO,
        "Buigproeven met studenten: een eenvoudig protocol",
        author="bart",
        visibility=PUBLIC,
        tags=["materiaaltesten", "biocomposieten"],
        themes=["composieten", "onderwijs"],
        summary="Zo laten we studenten betrouwbare driepuntsbuigproeven doen.",
        lead="""
            In het lab van Hogeschool Waddenkust testen studenten biocomposieten op buiging.
            Om de resultaten van verschillende groepen te kunnen vergelijken, werken we met
            een vast protocol.
            """,
        points="""
            - Zaag proefstaven met vaste afmetingen uit dezelfde plaat.
            - Conditioneer ze twee dagen bij constante temperatuur en luchtvochtigheid.
            - Test minstens vijf staven per variant.
            - Rapporteer het gemiddelde én de spreiding, en noteer hoe elke staaf bezweek.
            """,
    ),
    article(
        "bernn",
        CASE,
        "Leren met echte machines: het praktijkcentrum als leeromgeving",
        author="annemiek",
        coauthors=["ellen"],
        visibility=PUBLIC,
        tags=["onderwijs", "procesengineering"],
        themes=["onderwijs", "verwerking"],
        summary="Hoe mbo- en hbo-studenten samen aan industriële machines leren.",
        lead="""
            In het Praktijkcentrum Biobased Noord werken mbo- en hbo-studenten samen aan
            machines die ook in de industrie staan: een extruder, een pers en een kleine
            bioraffinage-opstelling. Na drie jaar zien we wat die aanpak oplevert.
            """,
        points="""
            - Mbo-studenten leren de machines bedienen, hbo-studenten leren de processen
              verbeteren: samen komen ze verder.
            - Bedrijven huren de machines buiten lestijd, wat de exploitatie rond maakt.
            - Stages bij die bedrijven volgen vaak vanzelf.
            """,
    ),
    article(
        "bernn",
        KENNIS,
        "Onderzoeksdata delen tussen hogescholen: afspraken die werken",
        author="lotte",
        tags=["onderwijs", "projectmanagement"],
        themes=["samenwerking", "onderwijs"],
        summary="Hoe we in de deelprojecten onderzoeksdata vastleggen en delen.",
        lead="""
            In vijftien deelprojecten bij vijf instellingen ontstaat veel data: meetreeksen,
            foto's, rekenmodellen. Zonder afspraken is die na een jaar onvindbaar. Deze
            afspraken hanteren we nu.
            """,
        points="""
            - Elk deelproject heeft een datamanagementplan van één pagina.
            - Ruwe data gaan binnen een maand naar de gedeelde projectomgeving.
            - Bedrijfsgevoelige gegevens staan apart en afgeschermd.
            """,
    ),
    article(
        "bernn",
        KENNIS,
        "Werkdocument: verdeling van het budget over de deelprojecten",
        author="femke",
        visibility=CIRCLE,
        circle=["ilse", "sietske", "karin"],
        tags=["subsidies"],
        themes=["subsidie", "samenwerking"],
        closing="Voorstel voor de programmaraad",
        summary="Conceptverdeling voor de programmaraad; nog niet vastgesteld.",
        lead="""
            Dit werkdocument is alleen voor de programmaraad. Het bevat een eerste verdeling
            van het budget over de vijftien deelprojecten, op basis van de ingediende
            begrotingen.
            """,
        points="""
            - Drie projecten vragen meer dan het maximum; we stellen voor hun omvang te
              beperken.
            - De lijn Kringloop is ondervertegenwoordigd; we reserveren budget voor een extra
              project.
            - Besluit in de volgende vergadering van de programmaraad.
            """,
    ),
    article(
        "bernn",
        KENNIS,
        "Concept: literatuuroverzicht circulaire verpakkingen",
        author="sietske",
        visibility=PRIVATE,
        draft=True,
        tags=["circulair ontwerp"],
        themes=["verpakking"],
        closing="Nog te doen",
        summary="Werkversie van het literatuuroverzicht, nog niet compleet.",
        lead="""
            Werkversie. Dit overzicht vat de belangrijkste publicaties over circulaire
            verpakkingen samen, als basis voor de onderzoeksagenda.
            """,
        points="""
            - Toevoegen: recente studies over vezelverpakkingen met coatings.
            - Indeling per materiaalgroep of per functie? Nog beslissen.
            - Laten meelezen door een student van de minor.
            """,
    ),
    article(
        "bernn",
        KENNIS,
        "Circulaire verpakkingen: een onderzoeksagenda voor het Noorden",
        author="sietske",
        coauthors=["femke"],
        tags=["circulair ontwerp", "onderwijs"],
        themes=["verpakking", "onderwijs"],
        closing="De eerste vragen op de agenda",
        summary="De onderzoeksvragen waar de noordelijke kennisinstellingen samen aan werken.",
        lead="""
            Verpakkingen zijn een van de grootste toepassingen van kunststof, en een van de
            lastigste om circulair te maken. Met de lectoraten in BERNN stelden we een
            gezamenlijke onderzoeksagenda op.
            """,
        points="""
            - Welke barrières tegen vocht en zuurstof zijn haalbaar met biobased coatings?
            - Hoe houden vezelverpakkingen hun sterkte na meerdere recyclingrondes?
            - Wat maakt dat consumenten een verpakking goed scheiden?
            """,
        link=("de volledige onderzoeksagenda", "https://bernn.example/onderzoeksagenda"),
    ),
    # --- Kerngroep Biobased Fondsen (hidden: nothing public) ---
    article(
        "kerngroep",
        KENNIS,
        "Aanvraagkalender: welke regelingen we dit jaar samen oppakken",
        author="hendrik",
        tags=["subsidies"],
        themes=["subsidie", "samenwerking"],
        closing="De afspraken per regeling",
        summary="Overzicht van de rondes waar de drie netwerken op inzetten.",
        lead="""
            Deze kalender is alleen voor de kerngroep. Per regeling staat erin welk netwerk
            de aanvraag trekt, wie meedoet en wanneer het concept klaar moet zijn.
            """,
        points="""
            - Haalbaarheidsstudies: de Biocoöperatie trekt, met twee aanvragen in de
              voorjaarsronde.
            - Onderzoeksprogramma: BERNN trekt de gezamenlijke aanvraag.
            - Investeringen in de proeffabriek: SUSPACC trekt, met cofinanciering van de
              provincie.
            """,
    ),
    article(
        "kerngroep",
        HOWTO,
        "Afspraken: wie trekt welke aanvraag?",
        author="anke",
        coauthors=["jeroen"],
        tags=["subsidies", "projectmanagement"],
        themes=["samenwerking", "subsidie"],
        summary="Zo voorkomen we dat de netwerken elkaar beconcurreren.",
        lead="""
            In de kerngroep spraken we af hoe we bepalen welk netwerk een aanvraag trekt. Zo
            dienen we nooit twee concurrerende voorstellen in bij dezelfde regeling.
            """,
        points="""
            - Meld een voorgenomen aanvraag zo vroeg mogelijk in de kerngroep.
            - Het netwerk met de meeste betrokken leden trekt; de anderen doen mee als
              partner.
            - Bij twijfel beslist de kerngroep in het eerstvolgende overleg.
            - De subsidieadviseur leest elke aanvraag mee vóór indiening.
            """,
    ),
    article(
        "kerngroep",
        CASE,
        "Terugblik: de gezamenlijke aanvraag voor de proeffabriek",
        author="jeroen",
        coauthors=["femke"],
        tags=["subsidies", "ondernemerschap"],
        themes=["subsidie", "samenwerking"],
        summary="Wat we leerden van de aanvraag die de proeffabriek mogelijk maakte.",
        lead="""
            De Groene Proeffabriek bestaat dankzij een gezamenlijke aanvraag van SUSPACC-leden,
            met steun van BERNN en de provincie. Voor de kerngroep zetten we op een rij wat we
            daarvan leerden.
            """,
        points="""
            - Een onderzoekspartner uit BERNN maakte de aanvraag sterker.
            - Het verdienmodel na de subsidieperiode was de belangrijkste vraag van de
              beoordelaars.
            - Begin een jaar vóór de deadline met het verzamelen van intentieverklaringen.
            """,
    ),
]


# -- questions and answers ----------------------------------------------------


@dataclass(frozen=True)
class AnswerSpec:
    author: str
    body: str
    accepted: bool = False
    useful: tuple[str, ...] = ()  # who marked it useful


@dataclass(frozen=True)
class QuestionSpec:
    network: str
    title: str
    author: str
    body: str
    tags: tuple[str, ...]
    answers: tuple[AnswerSpec, ...]
    visibility: str = NETWORK
    circle: tuple[str, ...] = ()


def answer(author: str, body: str, *, accepted: bool = False, useful=()) -> AnswerSpec:
    return AnswerSpec(author=author, body=md(body), accepted=accepted, useful=tuple(useful))


def question(
    network: str,
    title: str,
    *,
    author: str,
    body: str,
    tags: list[str],
    answers: list[AnswerSpec],
    visibility: str = NETWORK,
    circle: list[str] | None = None,
) -> QuestionSpec:
    return QuestionSpec(
        network=network,
        title=title,
        author=author,
        body=md(body),
        tags=tuple(tags),
        answers=tuple(answers),
        visibility=visibility,
        circle=tuple(circle or ()),
    )


QUESTIONS = [
    # --- Biocoöperatie Noord-Nederland ---
    question(
        "biocooperatie",
        "Wie heeft ervaring met het drogen van hennepscheven voor bouwblokken?",
        author="douwe",
        visibility=PUBLIC,
        tags=["vezelgewassen", "biobased bouwen"],
        body="""
            We willen hennepkalkblokken gaan maken, maar de scheven die we krijgen zijn soms
            te vochtig. Droogt iemand scheven actief, en zo ja, met welke apparatuur? Het gaat
            om een paar ton per week.
            """,
        answers=[
            answer(
                "gerrit",
                """Wij drogen scheven op een banddroger die we ook voor de vezels gebruiken.
                Met restwarmte van de biogasinstallatie van de buurman kost dat weinig energie.
                Onder de vijftien procent vocht blijven ze maanden goed in big bags onder een
                dak. Kom gerust kijken.""",
                accepted=True,
                useful=["pieter", "douwe"],
            ),
            answer(
                "pieter",
                """Het begint al op het land: hoe beter het roten en hoe droger de oogst, hoe
                minder je hoeft na te drogen. Ik stem mijn oogstmoment graag af op wat jullie
                nodig hebben.""",
            ),
        ],
    ),
    question(
        "biocooperatie",
        "Welke subsidie past bij een haalbaarheidsstudie naar grasvezel in verpakkingen?",
        author="marieke",
        tags=["subsidies", "bioraffinage", "circulair ontwerp"],
        body="""
            We willen onderzoeken of onze grasvezel geschikt is voor kartonnen verpakkingen,
            samen met een hogeschool en een verpakkingsbedrijf. Het gaat om een studie van
            ongeveer een half jaar. Welke regeling raden jullie aan?
            """,
        answers=[
            answer(
                "hendrik",
                """Met een kennisinstelling en twee bedrijven past dit goed in een
                mkb-regeling voor haalbaarheidsprojecten; die vergoedt een groot deel van de
                kosten. Let op: je mag pas beginnen nadat je de aanvraag hebt ingediend. Stuur
                me je projectidee, dan kijken we samen naar de eerstvolgende ronde.""",
                accepted=True,
                useful=["anke", "marieke", "jelle"],
            ),
            answer(
                "anke",
                """Via de partnerlink met BERNN kun je ook kijken of het aansluit bij hun
                gezamenlijke aanvraag. Dan loopt de administratie via hun penvoerder.""",
            ),
            answer(
                "nynke",
                """Als ontwerper denk ik graag mee over het verpakkingsontwerp in de studie.
                Een prototype maakt een aanvraag vaak sterker.""",
                useful=["marieke"],
            ),
            answer(
                "jelle",
                """Wij deden vorig jaar een vergelijkbare studie naar zetmeel in karton. Ons
                projectplan mag je als voorbeeld gebruiken.""",
            ),
        ],
    ),
    question(
        "biocooperatie",
        "Kan iemand vlasmat leveren voor een proef met een zitschaal?",
        author="nynke",
        tags=["vezelgewassen", "biocomposieten"],
        body="""
            Voor een klant ontwerp ik een stoel met een zitschaal van vlascomposiet. Voor de
            proeven heb ik ongeveer twintig vierkante meter vlasmat nodig. Wie kan dat
            leveren, en in welke gewichten?
            """,
        answers=[
            answer(
                "sjoerd",
                """Wij hebben vlasmatten van 300 en 500 gram per vierkante meter op voorraad.
                Voor een eerste proef is twintig vierkante meter gratis, zoals in het aanbod op
                mijn profiel staat. Ik stuur je een bericht.""",
                accepted=True,
                useful=["nynke"],
            ),
        ],
    ),
    question(
        "biocooperatie",
        "Hoe verdeel je in een LCA de impact over een hoofdproduct en een reststroom?",
        author="jelle",
        visibility=PUBLIC,
        tags=["levenscyclusanalyse"],
        body="""
            In onze zetmeelfabriek ontstaan naast zetmeel ook eiwit en vezels. Als we een LCA
            maken voor het zetmeel, hoeveel van de impact van de fabriek rekenen we dan toe
            aan de reststromen?
            """,
        answers=[
            answer(
                "bram",
                """Dat heet allocatie. De meest gebruikte manieren zijn naar massa en naar
                economische waarde. Bij reststromen met een lage waarde geeft economische
                allocatie vaak het eerlijkste beeld. Belangrijk is dat je je keuze onderbouwt
                en een gevoeligheidsanalyse doet met de andere methode.""",
                accepted=True,
                useful=["thijs", "sjoerd", "jelle"],
            ),
            answer(
                "thijs",
                """Als het kan, vermijd je allocatie met systeemuitbreiding: je rekent het
                eiwit mee als vervanger van bijvoorbeeld soja-eiwit. Dat is meer werk, maar
                beoordelaars waarderen het.""",
                useful=["bram"],
            ),
        ],
    ),
    question(
        "biocooperatie",
        "Wie vervoert natte reststromen zoals graspersvocht in kleine partijen?",
        author="rutger",
        tags=["logistiek", "bioraffinage"],
        body="""
            We willen het bruin sap van onze installatie laten testen bij een
            fermentatiebedrijf in Groningen. Het gaat om een paar kuub per week, vloeibaar en
            snel bederfelijk. Wie kan dat vervoeren?
            """,
        answers=[
            answer(
                "esther",
                """Wij hebben een kleine tankwagen van acht kuub die we voor dit soort stromen
                inzetten. Koelen kan niet, dus de rit moet binnen een paar uur na het persen.
                Als je een vaste dag kiest, combineren we het met een bestaande route.""",
                accepted=True,
                useful=["rutger"],
            ),
            answer(
                "klaas",
                """Als het niet geschikt blijkt voor de fermentatie, kan het altijd bij ons in
                de vergister. We halen het dan zelf op met de mesttank.""",
            ),
        ],
    ),
    question(
        "biocooperatie",
        "Heeft iemand ervaring met het vergisten of fermenteren van zeewierresten?",
        author="tamara",
        tags=["zeewier", "fermentatie", "biogas"],
        body="""
            Bij het verwerken van ons zeewier blijft een natte fractie over met veel zout.
            Kan die een vergister of een fermentatieproces in, of is het zout een probleem?
            """,
        answers=[
            answer(
                "lisanne",
                """Zout remt de meeste micro-organismen, maar er bestaan zouttolerante stammen.
                In het lab zien we met een kleine proef van een paar liter snel hoe ver je
                komt. Stuur me een monster.""",
                useful=["tamara"],
            ),
            answer(
                "klaas",
                """In onze vergister durven we het alleen in kleine hoeveelheden bij te
                mengen. Bij te veel zout gaat de hele installatie achteruit.""",
            ),
            answer(
                "rutger",
                """Misschien kun je eerst een deel van het zout uitwassen? Dat kost water,
                maar maakt de stroom veel breder inzetbaar.""",
                useful=["tamara", "lisanne"],
            ),
        ],
    ),
    question(
        "biocooperatie",
        "Wie doet mee met een gezamenlijke stand op de Noordelijke Biobased Dag?",
        author="anke",
        visibility=CIRCLE,
        circle=["pieter", "sjoerd", "douwe", "marieke"],
        tags=["ondernemerschap"],
        body="""
            We kunnen als Biocoöperatie een stand huren op de Noordelijke Biobased Dag. Ik
            vraag het eerst aan jullie, omdat jullie producten het best laten zien wat de
            keten kan: van vezel tot bouwblok en van gras tot eiwit. Wie doet mee, en wie wil
            een dagdeel op de stand staan?
            """,
        answers=[
            answer("sjoerd", "Wij doen mee. We nemen een vlaskano mee als blikvanger."),
            answer(
                "douwe",
                """Ik doe mee en neem een stuk hennepkalkwand mee. Wel alleen in de
                middag.""",
                useful=["anke"],
            ),
        ],
    ),
    question(
        "biocooperatie",
        "Welk eiwitgehalte halen jullie met veldbonen op Drentse zandgrond?",
        author="klaas",
        visibility=PUBLIC,
        tags=["eiwittransitie", "agrifood"],
        body="""
            Ik overweeg veldbonen op te nemen in mijn bouwplan, als eiwitgewas en voor de
            bodem. Welke opbrengst en welk eiwitgehalte kan ik op zandgrond verwachten?
            """,
        answers=[
            answer(
                "roelof",
                """Onze telers op zandgrond halen gemiddeld vier tot vijf ton per hectare, met
                een eiwitgehalte rond de 28 procent. Beregenen in een droog voorjaar maakt veel
                uit. We zoeken nog telers voor volgend seizoen; bel me gerust.""",
                accepted=True,
                useful=["klaas", "pieter"],
            ),
            answer(
                "pieter",
                """Op klei halen we iets meer, maar let op de zaaitijd: veldbonen willen vroeg
                de grond in. Na aardappelen doen ze het bij ons het best.""",
            ),
        ],
    ),
    # --- SUSPACC ---
    question(
        "suspacc",
        "Hoe lang en bij welke temperatuur drogen jullie PLA voor het spuitgieten?",
        author="erik",
        visibility=PUBLIC,
        tags=["biopolymeren", "kunststofverwerking"],
        body="""
            Bij het spuitgieten van PLA krijgen we soms zilverstrepen op het oppervlak. Ik
            vermoed vocht. Welke droogcondities gebruiken jullie?
            """,
        answers=[
            answer(
                "yvonne",
                """Vier uur bij 80 °C in een droogluchtdroger, tot onder de 250 ppm vocht.
                Voor amorf PLA lager, rond 50 °C, anders plakt het. En verwerk het binnen een
                uur na het drogen: PLA neemt snel weer vocht op.""",
                accepted=True,
                useful=["arjen", "sander", "erik"],
            ),
            answer(
                "arjen",
                """Controleer ook je cilindertemperatuur. Zilverstrepen kunnen ook komen door
                te heet verwerken.""",
                useful=["erik"],
            ),
            answer(
                "wouter",
                """Mijn studenten meten het vocht met de vochtanalyser in de proeffabriek.
                Leden mogen dat apparaat ook gebruiken.""",
            ),
        ],
    ),
    question(
        "suspacc",
        "Hoe groot mogen platen zijn op de plaatpers van de proeffabriek?",
        author="nynke",
        tags=["biocomposieten", "kunststofverwerking"],
        body="""
            Ik wil proefplaten van een biocomposiet laten persen voor een tafelblad. Wat zijn
            het grootste formaat en de grootste dikte op de plaatpers?
            """,
        answers=[
            answer(
                "sander",
                """De persplaten zijn een meter bij een meter, en we persen tot twintig
                millimeter dik. Voor een tafelblad werk je dus in delen, of we maken samen een
                proefstuk op schaal. Boek een dagdeel met operator, dan stellen we het samen
                in.""",
                accepted=True,
                useful=["nynke"],
            ),
            answer(
                "jeroen",
                """We bekijken of er volgend jaar een grotere pers bij kan. Als meer leden dat
                nodig hebben, hoor ik het graag.""",
            ),
        ],
    ),
    question(
        "suspacc",
        "Hoe voorkom je kromtrekken bij het printen van grote PLA-delen?",
        author="wouter",
        visibility=PUBLIC,
        tags=["3D-printen", "biopolymeren"],
        body="""
            Studenten printen behuizingen van zo'n veertig centimeter lang, en de hoeken
            komen steeds los van het bed. Wie heeft tips?
            """,
        answers=[
            answer(
                "mirjam",
                """Gebruik een rand van tien millimeter en zorg dat er geen tocht langs de
                printer komt; een gesloten printkamer helpt enorm. En ontwerp de hoeken rond:
                scherpe hoeken trekken als eerste los.""",
                accepted=True,
                useful=["wouter", "sander"],
            ),
            answer(
                "sander",
                """De grote printer in de proeffabriek heeft een verwarmde kamer. Voor dit
                formaat zou ik het daar eens proberen.""",
            ),
        ],
    ),
    question(
        "suspacc",
        "Wie heeft een betrouwbare methode om het vezelgehalte in een compound te meten?",
        author="inge",
        tags=["materiaaltesten", "biocomposieten"],
        body="""
            We leveren compounds met dertig procent natuurvezel, en een klant wil per partij
            een meting van het vezelgehalte. Hoe doen jullie dat?
            """,
        answers=[
            answer(
                "yvonne",
                """Wij lossen het polymeer op in een oplosmiddel en wegen de vezel die
                overblijft. Nauwkeurig, maar bewerkelijk, en niet voor elk polymeer
                geschikt.""",
            ),
            answer(
                "erik",
                """Wij verassen een monster in een oven. Met een referentiemonster reken je
                het verschil in asrest terug naar het vezelgehalte. Snel en goedkoop, en voor
                een dagelijkse controle voldoende.""",
                accepted=True,
                useful=["inge", "yvonne"],
            ),
            answer(
                "thijs",
                """Een thermogravimetrische analyse geeft het mooiste resultaat. Het lab van
                Kennisinstituut Eems heeft zo'n apparaat en meet ook voor derden.""",
            ),
        ],
    ),
    question(
        "suspacc",
        "Mogen we gemalen productieafval van een klant als regranulaat verkopen?",
        author="henk",
        tags=["recycling"],
        body="""
            Een klant wil zijn productieafval aan ons geven; wij malen het en verkopen het
            regranulaat door. Hebben we daar een vergunning of afvalstroomnummer voor nodig?
            """,
        answers=[
            answer(
                "thijs",
                """Dat hangt ervan af of het juridisch afval is of een bijproduct. Schoon
                productieafval dat direct opnieuw wordt ingezet, kan als bijproduct gelden.
                Laat het vooraf toetsen; de omgevingsdienst denkt meestal mee.""",
                useful=["henk"],
            ),
            answer(
                "jeroen",
                """Wij hebben dit voor de proeffabriek laten uitzoeken. Ik stuur je de notitie
                die daarover is opgesteld.""",
            ),
        ],
    ),
    question(
        "suspacc",
        "Welke bioplastic is geschikt voor contact met levensmiddelen?",
        author="nynke",
        tags=["biopolymeren", "circulair ontwerp"],
        body="""
            Een klant wil een herbruikbaar lunchbakje van een biobased materiaal. Welke
            bioplastic mag in contact komen met voedsel, en wat moet ik aan de leverancier
            vragen?
            """,
        answers=[
            answer(
                "inge",
                """Er zijn PLA- en PHA-types die zijn goedgekeurd voor contact met
                levensmiddelen. Vraag de leverancier om een verklaring van overeenstemming voor
                het specifieke type, en let op de temperatuur: PLA kan niet in de vaatwasser of
                de magnetron.""",
                accepted=True,
                useful=["nynke", "yvonne"],
            ),
            answer(
                "yvonne",
                """Let ook op additieven en kleurstoffen: die moeten eveneens geschikt zijn.
                Een compound met natuurvezel is meestal niet goedgekeurd voor contact met
                voedsel.""",
            ),
            answer(
                "thijs",
                """Voor herbruikbare producten telt ook de migratietest na herhaald wassen.
                Plan die in het ontwikkeltraject.""",
                useful=["inge"],
            ),
        ],
    ),
    # --- BERNN ---
    question(
        "bernn",
        "Hoe betrek je mkb-bedrijven die geen tijd hebben voor een stuurgroep?",
        author="sietske",
        visibility=PUBLIC,
        tags=["onderwijs", "ondernemerschap"],
        body="""
            In onze projecten willen we bedrijven als partner, maar ondernemers haken af als
            ze elke maand naar een stuurgroep moeten. Hoe houden jullie bedrijven betrokken
            zonder te veel van ze te vragen?
            """,
        answers=[
            answer(
                "annemiek",
                """Nodig ze niet uit voor vergaderingen, maar voor momenten waarop er iets te
                zien is: een proef aan de machine, een presentatie van studenten. Dat kost ze
                een uur en levert direct iets op.""",
                accepted=True,
                useful=["sietske", "femke", "ellen"],
            ),
            answer(
                "femke",
                """Een vaste contactpersoon per bedrijf bij de hogeschool helpt. Een kort
                telefoontje werkt beter dan een stuurgroep.""",
            ),
            answer(
                "ellen",
                """Laat studenten het bedrijf bezoeken in plaats van andersom. Dat scheelt de
                ondernemer reistijd.""",
            ),
        ],
    ),
    question(
        "bernn",
        "Tellen de uren van studenten mee als cofinanciering?",
        author="rick",
        tags=["subsidies", "onderwijs"],
        body="""
            In mijn deelproject werken vier studenten een semester mee. Kunnen we hun uren
            opvoeren als eigen bijdrage in de begroting?
            """,
        answers=[
            answer(
                "ilse",
                """Nee, in de regeling van onze gezamenlijke aanvraag tellen alleen uren van
                medewerkers met een arbeidscontract. Studenten zijn wel een sterk argument voor
                de aanvraag, dus beschrijf hun rol in het projectplan.""",
                accepted=True,
                useful=["femke", "lotte", "rick"],
            ),
            answer(
                "femke",
                "De begeleidingsuren van docenten tellen wel mee. Schrijf die dus goed bij.",
                useful=["rick"],
            ),
        ],
    ),
    question(
        "bernn",
        "Wie heeft een goed format voor een datamanagementplan per deelproject?",
        author="lotte",
        tags=["projectmanagement", "onderwijs"],
        body="""
            Voor de deelprojecten moeten we elk een datamanagementplan maken. Het format van
            de universiteit is erg uitgebreid. Heeft iemand een beknopter format dat toch
            voldoet?
            """,
        answers=[
            answer(
                "karin",
                """Wij gebruiken een versie van twee pagina's met de vaste vragen van de
                financier. Ik zet hem in het netwerk; pas hem gerust aan voor de
                hogescholen.""",
                accepted=True,
                useful=["lotte", "joost"],
            ),
            answer(
                "joost",
                """Belangrijkste tip: spreek af waar de ruwe data staan en wie er toegang toe
                heeft. De rest volgt vanzelf.""",
            ),
            answer(
                "ilse",
                """Als penvoerder vraag ik ook een plan per deelproject. Eén format voor alle
                vijftien maakt mijn werk een stuk makkelijker; laten we dat van Karin
                nemen.""",
                useful=["lotte"],
            ),
        ],
    ),
    question(
        "bernn",
        "Kan een deelproject al beginnen voordat de aanvraag is toegekend?",
        author="bart",
        tags=["subsidies", "projectmanagement"],
        body="""
            Een bedrijf wil nu al beginnen met de proeven die in ons deelproject staan. Kan
            dat, en tellen de kosten dan later mee?
            """,
        answers=[
            answer(
                "ilse",
                """Beginnen mag, op eigen risico, maar kosten van vóór de startdatum in de
                beschikking tellen niet mee. Houd het bij voorbereidend werk dat je hoe dan ook
                zou doen.""",
                accepted=True,
                useful=["bart"],
            ),
            answer(
                "wouter",
                """Wij losten een vergelijkbare situatie op met een afstudeeropdracht die los
                van het project loopt. Dan kan het bedrijf alvast beginnen.""",
            ),
        ],
    ),
    question(
        "bernn",
        "Welke practica over fermentatie werken goed in het eerste jaar?",
        author="ellen",
        visibility=PUBLIC,
        tags=["fermentatie", "onderwijs"],
        body="""
            We willen eerstejaars in een practicum van een middag kennis laten maken met
            fermentatie. Wat werkt goed, en wat is haalbaar zonder steriel lab?
            """,
        answers=[
            answer(
                "joost",
                """Yoghurt of zuurkool maken werkt verrassend goed: studenten meten de
                zuurgraad in de tijd en zien de microben aan het werk. Het kan zonder steriel
                lab, en iedereen kent het eindproduct.""",
                useful=["ellen"],
            ),
            answer(
                "rick",
                """Wij laten gist suiker omzetten en vangen het gas op met een ballon op de
                fles. Eenvoudig, en je kunt temperatuur en suikerconcentratie variëren.""",
                useful=["ellen", "joost"],
            ),
        ],
    ),
    # --- Kerngroep Biobased Fondsen ---
    question(
        "kerngroep",
        "Dienen we de vezelaanvraag in via de Biocoöperatie of via BERNN?",
        author="anke",
        tags=["subsidies", "vezelgewassen"],
        body="""
            Er ligt een idee voor een aanvraag over vezelgewassen met telers, verwerkers en
            twee hogescholen. Het kan onder de Biocoöperatie of als deelproject onder BERNN.
            Wat is verstandig?
            """,
        answers=[
            answer(
                "hendrik",
                """Als de bedrijven de vraag trekken en de hogescholen ondersteunen: de
                Biocoöperatie. De BERNN-aanvraag is al ingediend; er nu een deelproject aan
                toevoegen kan niet meer.""",
                accepted=True,
                useful=["anke", "femke"],
            ),
            answer(
                "femke",
                """Eens met Hendrik. De hogescholen kunnen wel als partner meedoen, zodat het
                aansluit op het programma.""",
            ),
            answer(
                "jeroen",
                """Zorg wel dat het niet overlapt met de lijn Grondstoffen in de
                BERNN-aanvraag. Daar letten beoordelaars ook op.""",
            ),
        ],
    ),
]


# -- sessions -------------------------------------------------------------------


@dataclass(frozen=True)
class SessionSpec:
    network: str
    kind: str
    title: str
    author: str
    description: str
    tags: tuple[str, ...]
    day: int  # days from today, negative in the past; a weekend moves to a working day
    hour: int  # starts at this whole hour, Amsterdam time
    hours: int  # how long
    visibility: str = NETWORK
    location: str = ""
    online_url: str = ""
    capacity: int | None = None
    price_cents: int = 0  # 0: free
    registered: tuple[str, ...] = ()
    waitlisted: tuple[str, ...] = ()
    attended: tuple[str, ...] = ()
    materials: str = ""
    materials_for_attendees: bool = False


def session(
    network: str,
    kind: str,
    title: str,
    *,
    author: str,
    description: str,
    tags: list[str],
    registered: list[str] | None = None,
    waitlisted: list[str] | None = None,
    attended: list[str] | None = None,
    materials: str = "",
    **fields,
) -> SessionSpec:
    return SessionSpec(
        network=network,
        kind=kind,
        title=title,
        author=author,
        description=md(description),
        tags=tuple(tags),
        registered=tuple(registered or ()),
        waitlisted=tuple(waitlisted or ()),
        attended=tuple(attended or ()),
        materials=md(materials) if materials else "",
        **fields,
    )


SESSIONS = [
    session(
        "biocooperatie",
        TRAINING,
        "Training levenscyclusanalyse voor ondernemers",
        author="bram",
        visibility=PUBLIC,
        tags=["levenscyclusanalyse", "LCA"],
        day=21,
        hour=9,
        hours=7,
        location="Kringloopcijfers, Groningen",
        capacity=16,
        price_cents=19500,
        registered=["jelle", "sjoerd", "jannie", "douwe", "roelof"],
        description="""
            Een dag waarin je zelf een eerste levenscyclusanalyse maakt van je eigen product.

            ## Wat je leert

            - de functionele eenheid en de systeemgrenzen kiezen;
            - je eigen gegevens verzamelen en aanvullen met kentallen;
            - de uitkomst lezen en vertalen naar verbeteringen.

            ## Voor wie

            Ondernemers en productontwikkelaars zonder ervaring met LCA. Neem de gegevens van
            één product mee: energieverbruik, grondstoffen en transport.

            De prijs is inclusief lunch en het rekenblad dat je na afloop houdt.
            """,
    ),
    session(
        "bernn",
        LEZING,
        "Lezing: bouwen met hennep en vlas",
        author="maarten",
        visibility=PUBLIC,
        tags=["biobased bouwen", "vezelgewassen"],
        day=10,
        hour=19,
        hours=2,
        location="Hogeschool Noorderlicht, Groningen",
        registered=["bart", "sietske", "rick", "lotte", "ellen"],
        description="""
            Maarten Schuurman vertelt over twee jaar onderzoek naar bouwmaterialen van
            hennep en vlas: wat kunnen ze, waar lopen ze tegenaan, en wat is er nodig om ze
            in de gewone woningbouw te krijgen?

            ## Programma

            - 19.00 uur: ontvangst met koffie
            - 19.15 uur: lezing
            - 20.15 uur: vragen en napraten

            De lezing is gratis en openbaar: ook wie geen lid is, is welkom.
            """,
    ),
    session(
        "suspacc",
        WORKSHOP,
        "Workshop: 3D-printen met gerecycled materiaal",
        author="mirjam",
        tags=["3D-printen", "recycling"],
        day=14,
        hour=13,
        hours=4,
        location="Groene Proeffabriek Emmen",
        capacity=6,
        registered=["wouter", "nynke", "henk", "erik", "inge", "arjen"],
        waitlisted=["yvonne", "thijs", "jeroen"],
        description="""
            Een middag printen met filament van gerecycled PETG en van afgekeurde prints. We
            laten zien hoe je het materiaal droogt, welke instellingen werken en hoe je
            kromtrekken voorkomt. Daarna print je zelf een onderdeel op een van de zes
            printers.

            ## Meenemen

            - een eigen ontwerp als STL-bestand (niet verplicht);
            - een laptop met slicer-software.

            Er zijn evenveel plaatsen als printers. Vol? Zet je op de wachtlijst: zegt
            iemand af, dan schuif je vanzelf door.
            """,
    ),
    session(
        "biocooperatie",
        WEBINAR,
        "Webinar: subsidies voor biobased innovatie",
        author="hendrik",
        tags=["subsidies"],
        day=5,
        hour=12,
        hours=1,
        online_url="https://meet.gilde.example/subsidies-biobased",
        registered=["marieke", "jelle", "nynke", "tamara", "lisanne", "anke"],
        description="""
            In een uur een overzicht van de regelingen die openstaan voor biobased
            projecten: haalbaarheidsstudies, samenwerkingsprojecten en investeringen. Met
            voorbeelden van leden en ruimte voor vragen.

            Na aanmelding krijg je de link en een herinnering per e-mail.
            """,
    ),
    session(
        "bernn",
        WORKSHOP,
        "Werksessie: de trekkers van de vijftien deelprojecten",
        author="ilse",
        tags=["projectmanagement", "subsidies"],
        day=30,
        hour=10,
        hours=3,
        location="Kennisinstituut Eems, Groningen",
        capacity=20,
        registered=["femke", "bart", "sietske", "wouter", "karin", "maarten", "rick"],
        description="""
            Een ochtend voor alle projecttrekkers. Elk project stelt zich in vijf minuten
            voor, daarna zoeken we in kleine groepen naar verbindingen tussen de projecten:
            gedeelde metingen, studenten die kunnen schuiven, bedrijven die bij meer
            projecten betrokken zijn.

            Neem je projectplan en je planning mee.
            """,
    ),
    session(
        "kerngroep",
        WEBINAR,
        "Overleg kerngroep: de aanvraagkalender",
        author="hendrik",
        tags=["subsidies"],
        day=7,
        hour=16,
        hours=1,
        online_url="https://meet.gilde.example/kerngroep",
        registered=["anke", "jeroen", "femke"],
        description="""
            Online overleg over de aanvraagkalender: welke regelingen gaan open, welk
            netwerk trekt welke aanvraag en waar hebben we elkaar nodig.
            """,
    ),
    session(
        "biocooperatie",
        WORKSHOP,
        "Praktijkmiddag: bioraffinage op het boerenerf",
        author="marieke",
        tags=["bioraffinage", "eiwittransitie"],
        day=-30,
        hour=13,
        hours=4,
        location="Demonstratie-installatie Wierde, Groningen",
        capacity=15,
        registered=["anke", "klaas", "roelof", "jannie", "esther", "lisanne"],
        attended=["anke", "klaas", "roelof", "jannie", "lisanne"],
        description="""
            Een middag op het erf bij de demonstratie-installatie van Wierde. We persen vers
            gras, laten zien hoe het eiwit wordt gewonnen en bespreken met de boer wat het
            hem oplevert.
            """,
        materials="""
            ## Presentaties

            - Rondleiding en processchema van de installatie
            - Massabalans per snede (rekenblad)

            ## Afspraken

            Klaas en Roelof onderzoeken met Wierde of het bruin sap in de vergister kan.
            """,
    ),
    session(
        "bernn",
        LEZING,
        "Lezing: PHA uit reststromen",
        author="joost",
        tags=["fermentatie", "biopolymeren"],
        day=-45,
        hour=15,
        hours=2,
        location="Universiteit Reitdiep, Groningen",
        registered=["karin", "femke", "bart", "rick", "lotte"],
        attended=["karin", "femke", "rick", "lotte"],
        materials_for_attendees=True,
        description="""
            Joost van der Meulen laat zien hoe bacteriën uit bietenpulp en graspersvocht PHA
            maken, en wat er nog nodig is om dat op te schalen.
            """,
        materials="""
            ## Dia's en gegevens

            - Dia's van de lezing
            - Groeicurves en PHA-opbrengsten van de proefbatches

            Deze gegevens zijn nog niet gepubliceerd: deel ze niet buiten het netwerk.
            """,
    ),
    session(
        "suspacc",
        TRAINING,
        "Machinetraining compoundeerlijn",
        author="sander",
        tags=["kunststofverwerking", "procesengineering"],
        day=-20,
        hour=9,
        hours=3,
        location="Groene Proeffabriek Emmen",
        capacity=4,
        price_cents=7500,
        registered=["inge", "erik", "mirjam", "wouter"],
        attended=["inge", "erik", "mirjam", "wouter"],
        description="""
            Na deze training mag je de compoundeerlijn zelfstandig gebruiken. We behandelen
            veiligheid, opstarten, het instellen van het temperatuurprofiel, materiaalwissels
            en reinigen.
            """,
        materials="""
            - Checklist voor opstarten en afsluiten van de compoundeerlijn
            - Veiligheidsblad van de lijn
            """,
    ),
]

# Comments: (network, title of the article or session, author, text).
COMMENTS = [
    (
        "biocooperatie",
        "Hennepscheven als bouwmateriaal: lessen uit drie proefwoningen",
        "pieter",
        "Mooi om te lezen hoe onze hennep in de praktijk presteert. Voor droge opslag van "
        "blokken hebben wij 's winters nog een loods vrij.",
    ),
    (
        "biocooperatie",
        "Hennepscheven als bouwmateriaal: lessen uit drie proefwoningen",
        "anke",
        "Precies het soort ervaring dat we op de volgende ledenbijeenkomst willen bespreken. "
        "Douwe, wil je er tien minuten over vertellen?",
    ),
    (
        "biocooperatie",
        "Een levenscyclusanalyse in vijf stappen, ook voor een klein bedrijf",
        "jelle",
        "Het rekenblad is heel bruikbaar. Bij stap 3 liep ik vast op onze energiegegevens: "
        "die hebben we alleen voor de hele fabriek, niet per lijn.",
    ),
    (
        "biocooperatie",
        "Gefermenteerd, niet gesynthetiseerd: melkzuur uit aardappelstoomschillen",
        "rutger",
        "Interessant. Ons bruin sap bevat ook suikers; misschien een tweede grondstof voor "
        "dezelfde route?",
    ),
    (
        "suspacc",
        "PLA of PHA? Een eerlijke vergelijking voor productontwikkelaars",
        "arjen",
        "Goede vergelijking. Vanuit de spuitgieterij: PHA vraagt echt om een langere koeltijd, "
        "reken daarop bij de cyclustijd.",
    ),
    (
        "suspacc",
        "3D-printen met gerecycled PETG: instellingen die werken",
        "wouter",
        "Deze instellingen gebruiken we nu ook in de opleiding. Dat scheelt veel mislukte prints.",
    ),
    (
        "bernn",
        "Eén aanvraag, vijftien projecten: zo werkt de BERNN-aanvraag",
        "bart",
        "Helder overzicht. Fijn dat elk project een bedrijf als partner heeft: dat maakt het "
        "voor studenten veel concreter.",
    ),
    (
        "biocooperatie",
        "Praktijkmiddag: bioraffinage op het boerenerf",
        "klaas",
        "Dank voor de middag! Het rekenblad met de massabalans heb ik direct doorgestuurd aan "
        "de andere leden van ons collectief.",
    ),
]

# Who follows which article besides its commenters: (network, title, person).
ARTICLE_FOLLOWERS = [
    ("biocooperatie", "Bioraffinage van gras: eiwit, vezel en sap uit één perceel", "klaas"),
    ("biocooperatie", "Bioraffinage van gras: eiwit, vezel en sap uit één perceel", "roelof"),
    ("biocooperatie", "Zo schrijf je een haalbaarheidsaanvraag die het haalt", "marieke"),
    ("suspacc", "PLA of PHA? Een eerlijke vergelijking voor productontwikkelaars", "erik"),
    ("suspacc", "Zo boek je een machine in de Groene Proeffabriek", "nynke"),
    ("bernn", "Eén aanvraag, vijftien projecten: zo werkt de BERNN-aanvraag", "rick"),
    ("bernn", "Eén aanvraag, vijftien projecten: zo werkt de BERNN-aanvraag", "maarten"),
]


# -- seeding ----------------------------------------------------------------------


def at(today: date, days: int, hour: int, *, weekday: bool = False) -> datetime:
    """A whole hour, Amsterdam time, `days` after `today`.

    With `weekday`, a Saturday or Sunday moves away from today to a working day,
    so an upcoming session stays upcoming and a past one past.
    """
    day = today + timedelta(days=days)
    while weekday and day.weekday() >= 5:
        day += timedelta(days=-1 if days < 0 else 1)
    return datetime.combine(day, time(hour), tzinfo=AMSTERDAM)


class People:
    """The demo people by first name, each checked to be a contributor where they act."""

    def __init__(self) -> None:
        users = User.objects.filter(email__in=EMAILS.values())
        self._users = {user.email: user for user in users}

    def member(self, slug: str, name: str) -> User:
        email = EMAILS[name]
        if email not in CONTRIBUTORS[slug]:
            raise ValueError(f"Demo knowledge: {name} is not a member of {slug}.")
        return self._users[email]

    def members(self, slug: str, names) -> list[User]:
        return [self.member(slug, name) for name in names]


def _check_visibility(title: str, visibility: str, circle, network: Network) -> None:
    if visibility == PUBLIC and network.visibility == Network.Visibility.HIDDEN:
        raise ValueError(f"Demo knowledge: {title!r} is public in hidden {network.slug}.")
    if (visibility == CIRCLE) != bool(circle):
        raise ValueError(f"Demo knowledge: {title!r} has a circle only if it is for one.")


def seed() -> str:
    """Seed the demo knowledge; returns a line for seed_demo's report."""
    now = timezone.now()
    today = timezone.localdate(now, AMSTERDAM)
    networks = {network.slug: network for network in Network.objects.filter(slug__in=MEMBERSHIPS)}
    people = People()
    tags = TagCache()
    new: list[tuple[str, int]] = []  # (kind, pk) of what this run wrote, for the search index
    articles = _seed_articles(networks, people, tags, today, new)
    questions = _seed_questions(networks, people, tags, today, new)
    sessions = _seed_sessions(networks, people, tags, today, new)
    _seed_comments(articles, sessions, people, now)
    for slug, title, name in ARTICLE_FOLLOWERS:
        Follow.objects.get_or_create(user=people.member(slug, name), article=articles[slug, title])
    # Only what is new: a second run writes nothing (`manage.py search_reindex` does it all).
    for kind, pk in dict.fromkeys(new):
        search.refresh(kind, pk)
    answers = Answer.objects.filter(question__in=list(questions.values())).count()
    return (
        f"Knowledge: {len(articles)} articles, {len(questions)} questions, {answers} answers, "
        f"{len(sessions)} sessions."
    )


def _seed_articles(networks, people: People, tags: TagCache, today: date, new: list) -> dict:
    articles: dict[tuple[str, str], Article] = {}
    positions: dict[str, int] = {}
    for index, spec in enumerate(ARTICLES):
        network = networks[spec.network]
        _check_visibility(spec.title, spec.visibility, spec.circle, network)
        author = people.member(spec.network, spec.author)
        # Spread over the past year and a bit, newest first in each network.
        position = positions[spec.network] = positions.get(spec.network, -1) + 1
        if spec.draft:
            published_at = None
            created_at = at(today, -(2 + position % 10), 10 + position % 6)
        else:
            published_at = at(today, -(2 + position * 29 % 420), 8 + position % 9)
            created_at = published_at - timedelta(days=3)
        body = spec.compose(index)
        article, created = Article.objects.get_or_create(
            network=network,
            title=spec.title,
            defaults={
                "author": author,
                "kind": spec.kind,
                "summary": spec.summary,
                "body": body,
                "body_html": str(render(body)),
                "visibility": spec.visibility,
                "status": Article.Status.DRAFT if spec.draft else Article.Status.PUBLISHED,
                "published_at": published_at,
                "created_at": created_at,
            },
        )
        if created:
            article.coauthors.set(people.members(spec.network, spec.coauthors))
            article.circle.set(people.members(spec.network, spec.circle))
            article.tags.set(tags.many(list(spec.tags)))
            new.append(("article", article.pk))
            ArticleRevision.objects.create(
                article=article,
                editor=author,
                created_at=published_at or created_at,
                title=article.title,
                summary=article.summary,
                body=article.body,
                note="Eerste versie",
            )
        articles[spec.network, spec.title] = article
    return articles


def _seed_questions(networks, people: People, tags: TagCache, today: date, new: list) -> dict:
    questions: dict[tuple[str, str], Question] = {}
    for index, spec in enumerate(QUESTIONS):
        network = networks[spec.network]
        _check_visibility(spec.title, spec.visibility, spec.circle, network)
        author = people.member(spec.network, spec.author)
        question, created = Question.objects.get_or_create(
            network=network,
            title=spec.title,
            defaults={
                "author": author,
                "body": spec.body,
                "body_html": str(render(spec.body)),
                "visibility": spec.visibility,
                "created_at": at(today, -(2 + index * 17 % 200), 9 + index % 8),
            },
        )
        if created:
            question.circle.set(people.members(spec.network, spec.circle))
            question.tags.set(tags.many(list(spec.tags)))
            Follow.objects.create(user=author, question=question)
            new.append(("question", question.pk))
        readers = {spec.author, *spec.circle} if spec.circle else None
        for position, answer_spec in enumerate(spec.answers):
            names = {answer_spec.author, *answer_spec.useful}
            if answer_spec.author == spec.author or answer_spec.author in answer_spec.useful:
                raise ValueError(f"Demo knowledge: odd answer or mark on {spec.title!r}.")
            if readers is not None and not names <= readers:
                raise ValueError(f"Demo knowledge: {names - readers} cannot see {spec.title!r}.")
            answerer = people.member(spec.network, answer_spec.author)
            answer, answer_created = Answer.objects.get_or_create(
                question=question,
                author=answerer,
                defaults={
                    "body": answer_spec.body,
                    "body_html": str(render(answer_spec.body)),
                    # Within 30 hours; questions are at least two days old.
                    "created_at": question.created_at + timedelta(hours=3 + 9 * position),
                },
            )
            if answer_created:
                new.append(("question", question.pk))
                answer.useful_by.add(*people.members(spec.network, answer_spec.useful))
                Follow.objects.get_or_create(user=answerer, question=question)
                if answer_spec.accepted and question.accepted_answer_id is None:
                    question.accepted_answer = answer
                    question.save(update_fields=["accepted_answer"])
        questions[spec.network, spec.title] = question
    return questions


def _seed_sessions(networks, people: People, tags: TagCache, today: date, new: list) -> dict:
    sessions: dict[tuple[str, str], Session] = {}
    for spec in SESSIONS:
        network = networks[spec.network]
        _check_visibility(spec.title, spec.visibility, (), network)
        full = spec.capacity is not None and len(spec.registered) >= spec.capacity
        if spec.capacity is not None and len(spec.registered) > spec.capacity:
            raise ValueError(f"Demo knowledge: more registered than places for {spec.title!r}.")
        if spec.waitlisted and not full:
            raise ValueError(f"Demo knowledge: a waiting list while {spec.title!r} has room.")
        if spec.attended and (spec.day >= 0 or not set(spec.attended) <= set(spec.registered)):
            raise ValueError(f"Demo knowledge: odd attendance for {spec.title!r}.")
        author = people.member(spec.network, spec.author)
        starts_at = at(today, spec.day, spec.hour, weekday=True)
        session, created = Session.objects.get_or_create(
            network=network,
            title=spec.title,
            defaults={
                "author": author,
                "kind": spec.kind,
                "description": spec.description,
                "description_html": str(render(spec.description)),
                # Only when created: a session seeded earlier keeps its dates.
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=spec.hours),
                "location": spec.location,
                "online_url": spec.online_url,
                "capacity": spec.capacity,
                "price_kind": Session.Price.EUROS if spec.price_cents else Session.Price.FREE,
                "price_cents": spec.price_cents,
                "materials": spec.materials,
                "materials_html": str(render(spec.materials)),
                "materials_for_attendees": spec.materials_for_attendees,
                "visibility": spec.visibility,
                "created_at": at(today, min(spec.day, 0) - 30, 9),
            },
        )
        if created:
            session.tags.set(tags.many(list(spec.tags)))
            Follow.objects.create(user=author, session=session)
            new.append(("session", session.pk))
        signed_up = at(today, min(spec.day, 0) - 14, 9)
        for position, name in enumerate((*spec.registered, *spec.waitlisted)):
            user = people.member(spec.network, name)
            if user == author:
                raise ValueError(f"Demo knowledge: the organiser registers for {spec.title!r}.")
            waiting = position >= len(spec.registered)
            Registration.objects.get_or_create(
                session=session,
                user=user,
                defaults={
                    "status": (
                        Registration.Status.WAITLISTED
                        if waiting
                        else Registration.Status.REGISTERED
                    ),
                    "created_at": signed_up + timedelta(hours=position),
                    "attended": name in spec.attended,
                },
            )
        sessions[spec.network, spec.title] = session
    return sessions


def _seed_comments(articles: dict, sessions: dict, people: People, now: datetime) -> None:
    for position, (slug, title, name, body) in enumerate(COMMENTS):
        author = people.member(slug, name)
        if (slug, title) in articles:
            item = {"article": articles[slug, title]}
            after = articles[slug, title].published_at
        else:
            item = {"session": sessions[slug, title]}
            after = sessions[slug, title].ends_at
        comment, created = Comment.objects.get_or_create(
            author=author,
            body=body,
            **item,
            defaults={"created_at": min(after + timedelta(days=1, hours=position), now)},
        )
        if created:
            Follow.objects.get_or_create(user=author, **item)
