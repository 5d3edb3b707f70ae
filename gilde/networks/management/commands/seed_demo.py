"""Fill the database with the demo networks of DESIGN.md, made of invented people and companies.

Every row is keyed on a natural key (e-mail, network slug, KvK number, tag name),
so running the command again changes nothing. `make run` calls it with
`--if-empty`, which leaves any database that already has a network alone.
Rows are written with the ORM, not through the services: those check the
acting user's access, which does not fit seeding.
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from gilde.accounts.models import (
    Affiliation,
    Expertise,
    Organisation,
    ProfileItem,
    Region,
    Tag,
    TagSynonym,
    User,
)
from gilde.core import demo
from gilde.networks.models import JoinRequest, Membership, Network, PartnerLink

DEMO_PASSWORD = "gilde-demo"
ADMIN_EMAIL = "admin@gilde.example"

BASIS = Expertise.Level.BASIC
GEVORDERD = Expertise.Level.ADVANCED
EXPERT = Expertise.Level.EXPERT
GRONINGEN = Region.GRONINGEN
FRIESLAND = Region.FRIESLAND
DRENTHE = Region.DRENTHE
COORDINATOR = Membership.Role.COORDINATOR
MEMBER = Membership.Role.MEMBER
GUEST = Membership.Role.GUEST

# The shared vocabulary of expertise, and other spellings people type for it.
TAGS = [
    "biopolymeren",
    "biocomposieten",
    "recycling",
    "3D-printen",
    "fermentatie",
    "levenscyclusanalyse",
    "subsidies",
    "chemie",
    "agrifood",
    "logistiek",
    "procesengineering",
    "circulair ontwerp",
    "bioraffinage",
    "vezelgewassen",
    "kunststofverwerking",
    "projectmanagement",
    "onderwijs",
    "biobased bouwen",
    "eiwittransitie",
    "zeewier",
    "biogas",
    "materiaaltesten",
    "ondernemerschap",
]
TAG_SYNONYMS = {
    "LCA": "levenscyclusanalyse",
    "3D printing": "3D-printen",
    "additive manufacturing": "3D-printen",
    "bioplastics": "biopolymeren",
    "biocomposites": "biocomposieten",
}

# Invented organisations. KvK numbers start with 9 so they are clearly not real;
# the website is https://<key>.example.
ORGANISATIONS = [
    # Biocoöperatie: SMEs across Groningen, Friesland and Drenthe.
    ("biocooperatie", "Biocoöperatie Noord-Nederland U.A.", "90000001", "coöperatie", GRONINGEN),
    ("groenvezel", "Groenvezel B.V.", "90000002", "natuurvezels", FRIESLAND),
    ("hennepheem", "Hennepheem Verwerking B.V.", "90000003", "vezelverwerking", GRONINGEN),
    ("terpstra-agri", "Terpstra Agri Innovatie", "90000004", "akkerbouw", FRIESLAND),
    ("wierde", "Wierde Bioraffinage B.V.", "90000005", "bioraffinage", GRONINGEN),
    ("zetmeelhuis", "Zetmeelhuis Veenkoloniën B.V.", "90000006", "zetmeel", GRONINGEN),
    ("biogascollectief", "Noordelijk Biogascollectief", "90000007", "energie", DRENTHE),
    ("vrachtvogel", "Vrachtvogel Logistiek B.V.", "90000008", "logistiek", GRONINGEN),
    ("stroleem", "Stroleem Bouw B.V.", "90000009", "bouw", FRIESLAND),
    ("gistkracht", "Gistkracht Fermentatie B.V.", "90000010", "biotechnologie", GRONINGEN),
    ("eemsmondchemie", "Eemsmond Chemie Advies", "90000011", "advies", GRONINGEN),
    ("fondsenpunt", "Fondsenpunt Noord B.V.", "90000012", "subsidieadvies", FRIESLAND),
    ("ontwerpstudiodobbe", "Ontwerpstudio Dobbe", "90000013", "productontwerp", FRIESLAND),
    ("akkerwaarde", "Akkerwaarde B.V.", "90000014", "voedingsmiddelen", DRENTHE),
    ("kwelderzeewier", "Kwelder Zeewier B.V.", "90000015", "aquacultuur", FRIESLAND),
    ("kringloopcijfers", "Kringloopcijfers B.V.", "90000016", "advies", GRONINGEN),
    ("vlasdekker", "Vlasverwerking Dekker", "90000017", "vezelverwerking", FRIESLAND),
    # SUSPACC: green chemistry around Emmen, with the members' joint pilot plant.
    ("groeneproeffabriek", "Groene Proeffabriek Emmen B.V.", "90000018", "proeffabriek", DRENTHE),
    ("hondsrugpolymeren", "Hondsrug Polymeren B.V.", "90000019", "kunststoffen", DRENTHE),
    ("vezelsterk", "Vezelsterk Composieten B.V.", "90000020", "composieten", DRENTHE),
    ("printwerkdrenthe", "Printwerk Drenthe B.V.", "90000021", "3D-printen", DRENTHE),
    ("tweedeleven", "Tweede Leven Kunststoffen B.V.", "90000022", "recycling", DRENTHE),
    ("emmerspuitgiet", "Emmer Spuitgiettechniek B.V.", "90000023", "kunststofverwerking", DRENTHE),
    # BERNN: invented schools and institutes.
    ("noorderlicht", "Hogeschool Noorderlicht", "90000024", "onderwijs", GRONINGEN),
    ("waddenkust", "Hogeschool Waddenkust", "90000025", "onderwijs", FRIESLAND),
    ("hsdrentscheaa", "Hogeschool Drentsche Aa", "90000026", "onderwijs", DRENTHE),
    ("reitdiep", "Universiteit Reitdiep", "90000027", "onderwijs en onderzoek", GRONINGEN),
    ("kennisinstituuteems", "Kennisinstituut Eems", "90000028", "onderzoek", GRONINGEN),
    ("praktijkcentrum", "Praktijkcentrum Biobased Noord", "90000029", "onderwijs", FRIESLAND),
]

# Invented people. Offers and needs are (text, tags); tags may use a synonym.
PEOPLE = [
    # --- Biocoöperatie Noord-Nederland ---
    {
        "email": "anke.dijkstra@example.nl",
        "name": "Anke Dijkstra",
        "organisation": "biocooperatie",
        "job_title": "netwerkcoördinator",
        "headline": "Coördinator van de Biocoöperatie: van idee naar project",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 12,
        "bio": (
            "Ik verbind ondernemers in Groningen, Friesland en Drenthe die met biobased "
            "grondstoffen werken. Mijn werk begint waar een goed gesprek eindigt: ik zorg dat "
            "ideeën acties worden, met een trekker en een datum. Daarvoor was ik tien jaar "
            "projectleider in de agrifoodsector."
        ),
        "expertise": [
            ("projectmanagement", EXPERT),
            ("subsidies", GEVORDERD),
            ("agrifood", GEVORDERD),
            ("circulair ontwerp", BASIS),
            ("ondernemerschap", GEVORDERD),
        ],
        "offers": [
            (
                "Ik bied hulp bij het opzetten van een samenwerkingsproject: partners zoeken, "
                "afspraken vastleggen en de voortgang bewaken.",
                ["projectmanagement"],
            ),
        ],
        "needs": [
            (
                "Ik zoek leden die een bijeenkomst over reststromen op hun bedrijf willen houden.",
                ["agrifood", "recycling"],
            ),
        ],
    },
    {
        "email": "pieter.terpstra@example.nl",
        "name": "Pieter Terpstra",
        "organisation": "terpstra-agri",
        "job_title": "eigenaar",
        "headline": "Akkerbouwer en vernieuwer in vezelgewassen",
        "region": FRIESLAND,
        "languages": "Nederlands, Fries, Engels",
        "availability_hours": 8,
        "bio": (
            "Op ons bedrijf telen we naast aardappelen ook vezelhennep en vlas. Ik zoek "
            "afnemers die samen met ons een keten willen bouwen. Als tweede coördinator van "
            "de Biocoöperatie ben ik het aanspreekpunt voor de akkerbouwers."
        ),
        "expertise": [
            ("vezelgewassen", EXPERT),
            ("agrifood", EXPERT),
            ("logistiek", BASIS),
            ("subsidies", BASIS),
        ],
        "offers": [
            (
                "Ik bied proefvelden voor nieuwe vezelgewassen en kennis van teelt op zware klei.",
                ["vezelgewassen", "agrifood"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een verwerker die hennepscheven wil afnemen voor bouwmaterialen.",
                ["vezelgewassen", "biobased bouwen"],
            ),
        ],
    },
    {
        "email": "sjoerd.hoekstra@example.nl",
        "name": "Sjoerd Hoekstra",
        "organisation": "groenvezel",
        "job_title": "directeur",
        "headline": "Directeur Groenvezel: natuurvezels voor composieten",
        "region": FRIESLAND,
        "languages": "Nederlands, Fries, Engels, Duits",
        "availability_hours": 6,
        "bio": (
            "Groenvezel maakt vezelmatten van vlas en hennep voor de composietindustrie. "
            "Ik zoek partners die onze matten in hun producten willen testen. In het weekend "
            "zeil ik op de Friese meren."
        ),
        "expertise": [
            ("vezelgewassen", EXPERT),
            ("biocomposieten", GEVORDERD),
            ("kunststofverwerking", BASIS),
            ("logistiek", BASIS),
        ],
        "offers": [
            (
                "Ik bied proefmateriaal: vlas- en hennepmatten in kleine series, gratis voor een "
                "eerste test.",
                ["vezelgewassen", "biocomposieten"],
            ),
        ],
        "needs": [
            (
                "Ik zoek iemand die een levenscyclusanalyse van onze vezelmatten kan maken.",
                ["LCA"],
            ),
        ],
    },
    {
        "email": "w.postma@groenvezel.example",
        "name": "Wietske Postma",
        "organisation": "groenvezel",
        "job_title": "hoofd R&D",
        "headline": "Materiaalonderzoeker natuurvezels",
        "region": FRIESLAND,
        "languages": "Nederlands, Fries, Engels",
        "availability_hours": 10,
        "bio": (
            "Ik onderzoek hoe vlasvezels beter hechten aan biobased harsen. Daarvoor werk ik "
            "veel samen met hogescholen en studenten. Ik deel graag wat we leren, ook als "
            "iets mislukt."
        ),
        "expertise": [
            ("biocomposieten", EXPERT),
            ("materiaaltesten", EXPERT),
            ("vezelgewassen", GEVORDERD),
            ("chemie", GEVORDERD),
            ("onderwijs", BASIS),
        ],
        "offers": [
            (
                "Ik bied trek- en buigproeven op composietmonsters in ons eigen lab.",
                ["materiaaltesten", "biocomposieten"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een afstudeerder die de hechting van vlasvezel in PLA wil onderzoeken.",
                ["biocomposieten", "onderwijs"],
            ),
        ],
    },
    {
        "email": "gerrit@hennepheem.example",
        "name": "Gerrit Mulder",
        "organisation": "hennepheem",
        "job_title": "bedrijfsleider",
        "headline": "Hennepverwerking van stengel tot vezel en scheven",
        "region": GRONINGEN,
        "languages": "Nederlands, Duits",
        "availability_hours": 4,
        "bio": (
            "Wij verwerken hennep van boeren uit de regio tot vezels, scheven en stof. Ik denk "
            "graag mee over nieuwe toepassingen voor onze reststromen. Ik ben geen prater, "
            "maar wel iemand die dingen regelt."
        ),
        "expertise": [
            ("vezelgewassen", EXPERT),
            ("procesengineering", GEVORDERD),
            ("logistiek", GEVORDERD),
        ],
        "offers": [
            (
                "Ik bied hennepscheven en hennepstof in bulk, ook kleine partijen voor proeven.",
                ["vezelgewassen", "biobased bouwen"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een bestemming voor het stof dat bij het breken van hennep vrijkomt.",
                ["recycling", "bioraffinage"],
            ),
        ],
    },
    {
        "email": "marieke.smit@wierde.example",
        "name": "Marieke Smit",
        "organisation": "wierde",
        "job_title": "algemeen directeur",
        "headline": "Bioraffinage van gras en bermmaaisel",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 6,
        "bio": (
            "Wierde haalt eiwit, vezels en suikers uit gras en bermmaaisel. We draaien een "
            "demonstratie-installatie op een boerenerf en zoeken afnemers voor elke stroom. "
            "Ik geloof dat bioraffinage dicht bij de boer moet gebeuren."
        ),
        "expertise": [
            ("bioraffinage", EXPERT),
            ("eiwittransitie", GEVORDERD),
            ("ondernemerschap", GEVORDERD),
            ("subsidies", GEVORDERD),
            ("agrifood", GEVORDERD),
        ],
        "offers": [
            (
                "Ik bied graseiwit en grasvezel voor proeven, met technische specificaties.",
                ["bioraffinage", "eiwittransitie"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een logistieke partner voor het inzamelen van bermmaaisel in de winter.",
                ["logistiek"],
            ),
            (
                "Ik zoek een onderzoeker die de markt voor grasvezel in verpakkingen verkent.",
                ["bioraffinage", "circulair ontwerp"],
            ),
        ],
    },
    {
        "email": "r.kuipers@wierde.example",
        "name": "Rutger Kuipers",
        "organisation": "wierde",
        "job_title": "procesingenieur",
        "headline": "Procesingenieur: opschalen van lab naar demo",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 8,
        "bio": (
            "Ik ontwerp en bedien de pers- en scheidingsstappen van onze installatie. Opschalen "
            "is mijn vak: van een liter in het lab naar een ton per uur. Ik help graag anderen "
            "die voor dezelfde stap staan."
        ),
        "expertise": [
            ("procesengineering", EXPERT),
            ("bioraffinage", GEVORDERD),
            ("chemie", GEVORDERD),
            ("fermentatie", BASIS),
        ],
        "offers": [
            (
                "Ik bied advies bij het opschalen van een proces: massabalans, keuze van "
                "apparatuur en veiligheid.",
                ["procesengineering"],
            ),
        ],
        "needs": [],
    },
    {
        "email": "jannie.bos@zetmeelhuis.example",
        "name": "Jannie Bos",
        "organisation": "zetmeelhuis",
        "job_title": "productontwikkelaar",
        "headline": "Productontwikkeling: zetmeel buiten de keuken",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels, Duits",
        "availability_hours": 6,
        "bio": (
            "Ik ontwikkel nieuwe toepassingen voor aardappelzetmeel: lijmen, coatings en "
            "bioplastics. Onze coöperatie weet veel van zetmeel, maar weinig van "
            "kunststofverwerking. Daar zoek ik partners voor."
        ),
        "expertise": [
            ("chemie", EXPERT),
            ("biopolymeren", GEVORDERD),
            ("agrifood", GEVORDERD),
            ("kunststofverwerking", BASIS),
        ],
        "offers": [
            (
                "Ik bied gemodificeerd zetmeel in monsterhoeveelheden en hulp bij het kiezen "
                "van de juiste soort.",
                ["biopolymeren", "chemie"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een spuitgieter die een proef met een zetmeelblend wil draaien.",
                ["kunststofverwerking", "bioplastics"],
            ),
        ],
    },
    {
        "email": "jelle.kooistra@zetmeelhuis.example",
        "name": "Jelle Kooistra",
        "organisation": "zetmeelhuis",
        "job_title": "projectleider duurzaamheid",
        "headline": "Projectleider duurzaamheid in de zetmeelketen",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 6,
        "bio": (
            "Ik maak de zetmeelketen van teler tot fabriek duurzamer. Reststromen zoals "
            "aardappelvezel en proceswater zijn daarbij mijn grootste uitdaging. Ik werk graag "
            "met studenten aan concrete vragen."
        ),
        "expertise": [
            ("projectmanagement", GEVORDERD),
            ("levenscyclusanalyse", GEVORDERD),
            ("bioraffinage", GEVORDERD),
            ("agrifood", GEVORDERD),
        ],
        "offers": [
            (
                "Ik bied stageplekken en afstudeeropdrachten over reststromen uit de "
                "zetmeelindustrie.",
                ["onderwijs", "bioraffinage"],
            ),
        ],
        "needs": [
            (
                "Ik zoek toepassingen voor aardappelvezel, bijvoorbeeld in verpakkingen.",
                ["circulair ontwerp", "biocomposieten"],
            ),
        ],
    },
    {
        "email": "klaas@biogascollectief.example",
        "name": "Klaas Boersma",
        "organisation": "biogascollectief",
        "job_title": "voorzitter",
        "headline": "Melkveehouder en voorzitter van een biogascollectief",
        "region": DRENTHE,
        "languages": "Nederlands",
        "availability_hours": 4,
        "bio": (
            "Met twaalf melkveehouders vergisten we mest tot groen gas. Het digestaat is nu "
            "nog een kostenpost en dat moet anders. Ik wil weten wat andere leden ermee kunnen."
        ),
        "expertise": [
            ("biogas", EXPERT),
            ("agrifood", GEVORDERD),
            ("projectmanagement", BASIS),
        ],
        "offers": [
            (
                "Ik bied een rondleiding langs onze vergisters en een eerlijk verhaal over wat "
                "wel en niet werkt.",
                ["biogas"],
            ),
        ],
        "needs": [
            (
                "Ik zoek toepassingen voor de vezelfractie uit digestaat.",
                ["bioraffinage", "recycling"],
            ),
        ],
    },
    {
        "email": "esther.meijer@vrachtvogel.example",
        "name": "Esther Meijer",
        "organisation": "vrachtvogel",
        "job_title": "commercieel manager",
        "headline": "Logistiek voor bulk en reststromen in Noord-Nederland",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels, Duits",
        "availability_hours": 4,
        "bio": (
            "Vrachtvogel vervoert bulkgoederen tussen boer, verwerker en haven. Reststromen "
            "zijn lastig: klein, nat en onregelmatig. Ik denk graag mee over slimme "
            "ophaalroutes."
        ),
        "expertise": [
            ("logistiek", EXPERT),
            ("ondernemerschap", GEVORDERD),
            ("recycling", BASIS),
        ],
        "offers": [
            (
                "Ik bied gecombineerde ophaalroutes voor kleine partijen reststromen in de drie "
                "noordelijke provincies.",
                ["logistiek", "recycling"],
            ),
        ],
        "needs": [
            (
                "Ik zoek bedrijven die samen een opslaglocatie bij de haven willen delen.",
                ["logistiek"],
            ),
        ],
    },
    {
        "email": "douwe@stroleem.example",
        "name": "Douwe Visser",
        "organisation": "stroleem",
        "job_title": "oprichter",
        "headline": "Bouwen met stro, leem en hennep",
        "region": FRIESLAND,
        "languages": "Nederlands, Fries",
        "availability_hours": 6,
        "bio": (
            "Wij bouwen woningen en schuren met strobalen, leem en hennepkalk. Klanten vragen "
            "steeds vaker om biobased isolatie met een keurmerk. Ik wil meer grondstoffen uit "
            "de eigen regio gebruiken."
        ),
        "expertise": [
            ("biobased bouwen", EXPERT),
            ("vezelgewassen", GEVORDERD),
            ("circulair ontwerp", GEVORDERD),
            ("ondernemerschap", GEVORDERD),
        ],
        "offers": [
            (
                "Ik bied een kijkje op de bouwplaats en ervaring met vergunningen voor biobased "
                "bouwen.",
                ["biobased bouwen"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een leverancier van hennepscheven uit de regio, minstens tien ton per "
                "jaar.",
                ["vezelgewassen", "biobased bouwen"],
            ),
            (
                "Ik zoek iemand die brandproeven met biobased panelen kan begeleiden.",
                ["materiaaltesten", "biocomposieten"],
            ),
        ],
    },
    {
        "email": "lisanne@gistkracht.example",
        "name": "Lisanne Kramer",
        "organisation": "gistkracht",
        "job_title": "microbioloog",
        "headline": "Fermentatie op kleine schaal, van ingrediënt tot bouwsteen",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 8,
        "bio": (
            "Gistkracht ontwikkelt fermentatieprocessen voor ingrediënten en bouwstenen voor "
            "bioplastics. Onze proefinstallatie van 50 liter staat niet altijd vol. Ik houd "
            "van puzzels met micro-organismen."
        ),
        "expertise": [
            ("fermentatie", EXPERT),
            ("chemie", GEVORDERD),
            ("eiwittransitie", GEVORDERD),
            ("biopolymeren", BASIS),
        ],
        "offers": [
            (
                "Ik bied ruimte in onze fermentor van 50 liter voor proeven van andere leden.",
                ["fermentatie"],
            ),
        ],
        "needs": [
            (
                "Ik zoek goedkope suikers uit reststromen als voeding voor onze gisten.",
                ["bioraffinage", "fermentatie"],
            ),
        ],
    },
    {
        "email": "thijs.huizinga@eemsmondchemie.example",
        "name": "Thijs Huizinga",
        "organisation": "eemsmondchemie",
        "job_title": "zelfstandig adviseur",
        "headline": "Chemicus en adviseur groene chemie",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 12,
        "bio": (
            "Na twintig jaar in de chemische industrie help ik nu kleine bedrijven met groene "
            "chemie. Ik vertaal labresultaten naar iets wat een fabriek kan maken. Ook help ik "
            "bij vragen over veiligheid en vergunningen."
        ),
        "expertise": [
            ("chemie", EXPERT),
            ("procesengineering", GEVORDERD),
            ("biopolymeren", GEVORDERD),
            ("levenscyclusanalyse", BASIS),
            ("recycling", BASIS),
            ("subsidies", BASIS),
        ],
        "offers": [
            (
                "Ik bied een gratis eerste gesprek over de chemie achter uw product of proces.",
                ["chemie"],
            ),
            (
                "Ik bied hulp bij veiligheidsinformatiebladen en REACH-vragen.",
                ["chemie"],
            ),
        ],
        "needs": [],
    },
    {
        "email": "hendrik.veenstra@example.nl",
        "name": "Hendrik Veenstra",
        "organisation": "fondsenpunt",
        "job_title": "subsidieadviseur",
        "headline": "Subsidieadviseur voor biobased projecten",
        "region": FRIESLAND,
        "languages": "Nederlands, Fries, Engels",
        "availability_hours": 10,
        "bio": (
            "Ik help mkb'ers en kennisinstellingen aan subsidie voor innovatie en samenwerking. "
            "Het liefst ben ik er vroeg bij, als een project nog vorm krijgt. Ik ken de "
            "regionale, landelijke en Europese regelingen."
        ),
        "expertise": [
            ("subsidies", EXPERT),
            ("projectmanagement", GEVORDERD),
            ("ondernemerschap", BASIS),
        ],
        "offers": [
            (
                "Ik bied een subsidiescan: welke regeling past bij uw project en hoe groot is "
                "de kans?",
                ["subsidies"],
            ),
        ],
        "needs": [
            (
                "Ik zoek bedrijven die partner willen worden in een Europees project over "
                "vezelgewassen.",
                ["subsidies", "vezelgewassen"],
            ),
        ],
    },
    {
        "email": "nynke@ontwerpstudiodobbe.example",
        "name": "Nynke Dobbe",
        "organisation": "ontwerpstudiodobbe",
        "job_title": "productontwerper",
        "headline": "Productontwerper: circulair en biobased",
        "region": FRIESLAND,
        "languages": "Nederlands, Fries, Engels",
        "availability_hours": 8,
        "bio": (
            "Ik ontwerp producten die uit elkaar kunnen en van biobased materialen zijn "
            "gemaakt: meubels, verpakkingen en onderdelen voor de bouw. Mijn ontwerpen "
            "beginnen altijd bij het materiaal."
        ),
        "expertise": [
            ("circulair ontwerp", EXPERT),
            ("3D-printen", GEVORDERD),
            ("biocomposieten", GEVORDERD),
            ("recycling", BASIS),
            ("biobased bouwen", BASIS),
        ],
        "offers": [
            (
                "Ik bied ontwerpsessies om van een nieuw materiaal een eerste product te maken.",
                ["circulair ontwerp"],
            ),
        ],
        "needs": [
            (
                "Ik zoek biocomposiet in plaatvorm voor een serie van honderd krukjes.",
                ["biocomposieten"],
            ),
        ],
    },
    {
        "email": "roelof@akkerwaarde.example",
        "name": "Roelof Hofstede",
        "organisation": "akkerwaarde",
        "job_title": "directeur",
        "headline": "Plantaardige eiwitten van Drentse akkers",
        "region": DRENTHE,
        "languages": "Nederlands, Engels",
        "availability_hours": 4,
        "bio": (
            "Akkerwaarde verwerkt veldbonen en lupine uit Drenthe tot eiwitconcentraat. We "
            "zoeken telers die willen omschakelen en afnemers in de voedingsindustrie. Voor "
            "de schillen zoeken we nog een bestemming."
        ),
        "expertise": [
            ("eiwittransitie", EXPERT),
            ("agrifood", EXPERT),
            ("ondernemerschap", GEVORDERD),
            ("logistiek", BASIS),
        ],
        "offers": [
            (
                "Ik bied teeltcontracten voor veldbonen en lupine met een vaste prijs.",
                ["eiwittransitie", "agrifood"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een toepassing voor peulschillen: zo'n 300 ton per jaar.",
                ["bioraffinage", "recycling"],
            ),
        ],
    },
    {
        "email": "tamara@kwelderzeewier.example",
        "name": "Tamara Wiersma",
        "organisation": "kwelderzeewier",
        "job_title": "mede-eigenaar",
        "headline": "Zeewierteelt op de Waddenzee",
        "region": FRIESLAND,
        "languages": "Nederlands, Engels",
        "availability_hours": 6,
        "bio": (
            "Wij kweken zeewier aan lijnen voor de kust en verwerken het tot voedsel en "
            "grondstof. Zeewier groeit zonder land, zoet water of kunstmest. Ik zoek partners "
            "die zeewier als grondstof voor materialen willen proberen."
        ),
        "expertise": [
            ("zeewier", EXPERT),
            ("agrifood", GEVORDERD),
            ("bioraffinage", BASIS),
        ],
        "offers": [
            (
                "Ik bied vers en gedroogd zeewier voor proeven, van een kilo tot een ton.",
                ["zeewier"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een partner met kennis van het winnen van alginaat.",
                ["bioraffinage", "chemie"],
            ),
        ],
    },
    {
        "email": "tjeerd@kwelderzeewier.example",
        "name": "Tjeerd Bouma",
        "organisation": "kwelderzeewier",
        "job_title": "teeltmanager",
        "headline": "Teeltmanager zeewier",
        "region": FRIESLAND,
        "languages": "Nederlands, Fries",
        "availability_hours": 4,
        "bio": (
            "Ik beheer onze teeltlijnen op zee en de oogst in het voorjaar. Daarvoor was ik "
            "mosselkweker. Ik wil de teelt mechaniseren zonder de bodem te beschadigen."
        ),
        "expertise": [
            ("zeewier", GEVORDERD),
            ("logistiek", BASIS),
            ("procesengineering", BASIS),
        ],
        "offers": [
            (
                "Ik bied een dag mee op de boot om te zien hoe zeewierteelt werkt.",
                ["zeewier"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een machinebouwer die mee wil denken over een oogstmachine voor zeewier.",
                ["procesengineering", "zeewier"],
            ),
        ],
    },
    {
        "email": "bram@kringloopcijfers.example",
        "name": "Bram de Boer",
        "organisation": "kringloopcijfers",
        "job_title": "LCA-specialist",
        "headline": "Levenscyclusanalyses die een ondernemer begrijpt",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 10,
        "bio": (
            "Ik reken uit wat een product echt kost aan CO2, water en land, van akker tot "
            "afval. Veel biobased producten scoren beter dan gedacht, maar niet allemaal. "
            "Ik vertel het eerlijk."
        ),
        "expertise": [
            ("levenscyclusanalyse", EXPERT),
            ("circulair ontwerp", GEVORDERD),
            ("recycling", GEVORDERD),
            ("subsidies", BASIS),
            ("biobased bouwen", BASIS),
            ("logistiek", BASIS),
        ],
        "offers": [
            (
                "Ik bied een LCA-scan in twee weken, als basis voor een subsidieaanvraag of "
                "een gesprek met klanten.",
                ["LCA", "subsidies"],
            ),
        ],
        "needs": [
            (
                "Ik zoek goede gegevens over de teelt van vezelhennep in Noord-Nederland.",
                ["vezelgewassen", "levenscyclusanalyse"],
            ),
        ],
    },
    {
        "email": "evelien@vlasdekker.example",
        "name": "Evelien Dekker",
        "organisation": "vlasdekker",
        "job_title": "eigenaar",
        "headline": "Vlas zwingelen en verwerken in Friesland",
        "region": FRIESLAND,
        "languages": "Nederlands, Fries",
        "availability_hours": 4,
        "bio": (
            "Ons familiebedrijf zwingelt al drie generaties vlas. Naast linnen willen we ook "
            "vezels voor composieten en de bouw leveren. Daarvoor zoeken we aansluiting bij "
            "andere ondernemers."
        ),
        "expertise": [
            ("vezelgewassen", EXPERT),
            ("agrifood", GEVORDERD),
            ("logistiek", BASIS),
        ],
        "offers": [
            (
                "Ik bied korte vlasvezel en lemen tegen een scherpe prijs.",
                ["vezelgewassen"],
            ),
        ],
        "needs": [
            (
                "Ik zoek afnemers die korte vlasvezel in composieten willen verwerken.",
                ["biocomposieten", "vezelgewassen"],
            ),
        ],
    },
    # --- SUSPACC ---
    {
        "email": "jeroen.wubbels@example.nl",
        "name": "Jeroen Wubbels",
        "organisation": "groeneproeffabriek",
        "job_title": "directeur",
        "headline": "Directeur van de gedeelde proeffabriek in Emmen",
        "region": DRENTHE,
        "languages": "Nederlands, Engels, Duits",
        "availability_hours": 10,
        "bio": (
            "De leden van SUSPACC hebben samen een proeffabriek opgezet met machines die je "
            "als klein bedrijf niet alleen koopt. Ik zorg dat ze goed gebruikt worden en dat "
            "de rekening klopt. Daarvoor werkte ik bij een kunststofverwerker in Emmen."
        ),
        "expertise": [
            ("kunststofverwerking", EXPERT),
            ("projectmanagement", EXPERT),
            ("biopolymeren", GEVORDERD),
            ("ondernemerschap", GEVORDERD),
            ("3D-printen", BASIS),
        ],
        "offers": [
            (
                "Ik bied machinetijd in de proeffabriek: compoundeerlijn, spuitgietmachine, "
                "plaatpers en een grote 3D-printer.",
                ["kunststofverwerking", "3D printing"],
            ),
        ],
        "needs": [
            (
                "Ik zoek leden die de compoundeerlijn vaker willen gebruiken, zodat die "
                "rendabel wordt.",
                ["kunststofverwerking", "biopolymeren"],
            ),
        ],
    },
    {
        "email": "sander@groeneproeffabriek.example",
        "name": "Sander Oosterhuis",
        "organisation": "groeneproeffabriek",
        "job_title": "operator en planner",
        "headline": "Operator in de proeffabriek: ik plan de machines",
        "region": DRENTHE,
        "languages": "Nederlands, Engels",
        "availability_hours": 8,
        "bio": (
            "Ik plan wie wanneer welke machine in de proeffabriek gebruikt en help bij het "
            "instellen. Zo leer ik van elk bedrijf iets nieuws. Bel me als je een proef wilt "
            "voorbereiden."
        ),
        "expertise": [
            ("kunststofverwerking", GEVORDERD),
            ("3D-printen", GEVORDERD),
            ("procesengineering", BASIS),
        ],
        "offers": [
            (
                "Ik bied begeleiding bij je eerste proef op de extruder of de grote 3D-printer.",
                ["kunststofverwerking", "3D-printen"],
            ),
        ],
        "needs": [],
    },
    {
        "email": "inge.hadders@example.nl",
        "name": "Inge Hadders",
        "organisation": "hondsrugpolymeren",
        "job_title": "productmanager",
        "headline": "Productmanager biopolymeren",
        "region": DRENTHE,
        "languages": "Nederlands, Engels",
        "availability_hours": 6,
        "bio": (
            "Hondsrug Polymeren maakt granulaat van PLA- en PHA-blends voor spuitgieten en "
            "3D-printen. Ik vertaal vragen van klanten naar nieuwe recepturen. Ik zoek vooral "
            "klanten die durven te experimenteren."
        ),
        "expertise": [
            ("biopolymeren", EXPERT),
            ("kunststofverwerking", GEVORDERD),
            ("3D-printen", GEVORDERD),
            ("ondernemerschap", BASIS),
        ],
        "offers": [
            (
                "Ik bied proefzakken biobased granulaat met advies over de verwerking.",
                ["bioplastics", "kunststofverwerking"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een recyclingpartner voor ons productieafval van PLA.",
                ["recycling", "biopolymeren"],
            ),
        ],
    },
    {
        "email": "y.kamps@hondsrugpolymeren.example",
        "name": "Yvonne Kamps",
        "organisation": "hondsrugpolymeren",
        "job_title": "polymeerchemicus",
        "headline": "Polymeerchemicus: recepturen voor biobased kunststoffen",
        "region": DRENTHE,
        "languages": "Nederlands, Engels, Duits",
        "availability_hours": 6,
        "bio": (
            "Ik ontwikkel recepturen voor biopolymeren die beter tegen warmte en vocht kunnen. "
            "Mijn promotieonderzoek ging over PHA. In de proeffabriek sta ik vaak zelf aan de "
            "extruder."
        ),
        "expertise": [
            ("chemie", EXPERT),
            ("biopolymeren", EXPERT),
            ("materiaaltesten", GEVORDERD),
            ("fermentatie", BASIS),
            ("recycling", BASIS),
        ],
        "offers": [
            (
                "Ik bied hulp bij het kiezen van een biopolymeer voor een nieuw product.",
                ["biopolymeren", "chemie"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een partner die natuurvezels als vulstof kan leveren.",
                ["vezelgewassen", "biocomposieten"],
            ),
        ],
    },
    {
        "email": "erik@vezelsterk.example",
        "name": "Erik Lubbers",
        "organisation": "vezelsterk",
        "job_title": "technisch directeur",
        "headline": "Biocomposieten voor auto-onderdelen en de bouw",
        "region": DRENTHE,
        "languages": "Nederlands, Duits, Engels",
        "availability_hours": 6,
        "bio": (
            "Vezelsterk perst platen en profielen van natuurvezels en biobased hars. Onze "
            "klanten zitten vooral in Duitsland. We willen meer vezels uit Noord-Nederland "
            "halen."
        ),
        "expertise": [
            ("biocomposieten", EXPERT),
            ("kunststofverwerking", GEVORDERD),
            ("materiaaltesten", GEVORDERD),
            ("vezelgewassen", BASIS),
        ],
        "offers": [
            (
                "Ik bied persproeven met nieuwe vezels op onze plaatpers.",
                ["biocomposites", "materiaaltesten"],
            ),
        ],
        "needs": [
            (
                "Ik zoek leveranciers van vlas- en hennepvezel uit de regio.",
                ["vezelgewassen"],
            ),
        ],
    },
    {
        "email": "mirjam@printwerkdrenthe.example",
        "name": "Mirjam Nijboer",
        "organisation": "printwerkdrenthe",
        "job_title": "eigenaar",
        "headline": "3D-printen met gerecycled en biobased materiaal",
        "region": DRENTHE,
        "languages": "Nederlands, Engels",
        "availability_hours": 8,
        "bio": (
            "Printwerk Drenthe print onderdelen en prototypes, steeds vaker van gerecycled of "
            "biobased filament. Ik help klanten van idee naar een werkend onderdeel. Grote "
            "stukken printen we in de proeffabriek."
        ),
        "expertise": [
            ("3D-printen", EXPERT),
            ("circulair ontwerp", GEVORDERD),
            ("kunststofverwerking", GEVORDERD),
            ("recycling", BASIS),
        ],
        "offers": [
            (
                "Ik bied prototypes binnen een week, geprint van biobased of gerecycled materiaal.",
                ["3D-printen", "circulair ontwerp"],
            ),
        ],
        "needs": [
            (
                "Ik zoek filament van lokaal gerecycled plastic met een constante kwaliteit.",
                ["recycling", "additive manufacturing"],
            ),
        ],
    },
    {
        "email": "henk@tweedeleven.example",
        "name": "Henk Scholten",
        "organisation": "tweedeleven",
        "job_title": "bedrijfsleider",
        "headline": "Mechanische recycling van kunststoffen",
        "region": DRENTHE,
        "languages": "Nederlands, Duits",
        "availability_hours": 4,
        "bio": (
            "Wij maken regranulaat van productieafval en ingezamelde kunststoffen. Biobased "
            "kunststoffen vragen om een eigen stroom, anders vervuilen ze de rest. Daar willen "
            "we in investeren."
        ),
        "expertise": [
            ("recycling", EXPERT),
            ("kunststofverwerking", EXPERT),
            ("logistiek", GEVORDERD),
        ],
        "offers": [
            (
                "Ik bied inzameling en recycling van schoon productieafval, ook in kleine "
                "hoeveelheden.",
                ["recycling"],
            ),
        ],
        "needs": [
            (
                "Ik zoek partners om een aparte recyclingstroom voor PLA op te zetten.",
                ["recycling", "biopolymeren"],
            ),
        ],
    },
    {
        "email": "arjen@emmerspuitgiet.example",
        "name": "Arjen Bakker",
        "organisation": "emmerspuitgiet",
        "job_title": "matrijzenmaker",
        "headline": "Matrijzenmaker en spuitgieter",
        "region": DRENTHE,
        "languages": "Nederlands",
        "availability_hours": 4,
        "bio": (
            "Ik maak matrijzen en draai kleine series spuitgietwerk. Biopolymeren gedragen "
            "zich anders in de machine en dat vind ik een mooie uitdaging. Ik deel graag mijn "
            "instellingen."
        ),
        "expertise": [
            ("kunststofverwerking", EXPERT),
            ("procesengineering", GEVORDERD),
            ("biopolymeren", BASIS),
        ],
        "offers": [
            (
                "Ik bied proefmatrijzen en kleine series spuitgietwerk met biobased granulaat.",
                ["kunststofverwerking"],
            ),
        ],
        "needs": [],
    },
    {
        "email": "hilde.venema@kennisinstituuteems.example",
        "name": "Hilde Venema",
        "organisation": "kennisinstituuteems",
        "job_title": "onderzoeker",
        "headline": "Onderzoeker recycling van biocomposieten",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 6,
        "bio": (
            "Ik onderzoek hoe biocomposieten aan het eind van hun leven gerecycled kunnen "
            "worden. Bij SUSPACC ben ik gast om te horen welke vragen bedrijven hebben. Mijn "
            "resultaten publiceer ik open."
        ),
        "expertise": [
            ("recycling", EXPERT),
            ("biocomposieten", GEVORDERD),
            ("levenscyclusanalyse", GEVORDERD),
            ("materiaaltesten", BASIS),
        ],
        "offers": [
            (
                "Ik bied analyses van hoe materialen na recycling afbreken.",
                ["recycling", "materiaaltesten"],
            ),
        ],
        "needs": [
            (
                "Ik zoek afgedankte onderdelen van biocomposiet om mee te testen.",
                ["biocomposieten", "recycling"],
            ),
        ],
    },
    # --- BERNN ---
    {
        "email": "femke.zijlstra@example.nl",
        "name": "Femke Zijlstra",
        "organisation": "noorderlicht",
        "job_title": "lector biobased economie",
        "headline": "Lector biobased economie bij Hogeschool Noorderlicht",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 8,
        "bio": (
            "Ik leid het lectoraat biobased economie en coördineer namens BERNN de gezamenlijke "
            "subsidieaanvraag, met vijftien kleine projecten met bedrijven uit de regio. Mijn "
            "droom: elke student werkt een keer aan een echte vraag van een ondernemer."
        ),
        "expertise": [
            ("onderwijs", EXPERT),
            ("projectmanagement", EXPERT),
            ("subsidies", GEVORDERD),
            ("bioraffinage", GEVORDERD),
            ("agrifood", BASIS),
        ],
        "offers": [
            (
                "Ik bied elk semester studententeams voor praktijkvragen van bedrijven.",
                ["onderwijs"],
            ),
        ],
        "needs": [
            (
                "Ik zoek bedrijven die een van de vijftien deelprojecten willen trekken.",
                ["projectmanagement", "subsidies"],
            ),
        ],
    },
    {
        "email": "ilse.westerhof@kennisinstituuteems.example",
        "name": "Ilse Westerhof",
        "organisation": "kennisinstituuteems",
        "job_title": "programmamanager",
        "headline": "Penvoerder van de gezamenlijke BERNN-aanvraag",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 12,
        "bio": (
            "Ik ben programmamanager bij Kennisinstituut Eems en penvoerder van de "
            "BERNN-aanvraag. Ik houd de begroting, de planning en de vijftien projectleiders "
            "bij elkaar. Duidelijke afspraken maken samenwerken leuker."
        ),
        "expertise": [
            ("projectmanagement", EXPERT),
            ("subsidies", EXPERT),
            ("onderwijs", BASIS),
        ],
        "offers": [
            (
                "Ik bied een sjabloon en hulp bij de begroting en planning van een deelproject.",
                ["projectmanagement", "subsidies"],
            ),
        ],
        "needs": [
            (
                "Ik zoek per deelproject een bedrijf dat de eigen bijdrage in uren wil leveren.",
                ["subsidies"],
            ),
        ],
    },
    {
        "email": "maarten.schuurman@kennisinstituuteems.example",
        "name": "Maarten Schuurman",
        "organisation": "kennisinstituuteems",
        "job_title": "senior onderzoeker",
        "headline": "Onderzoeker biobased bouwmaterialen",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 6,
        "bio": (
            "Ik onderzoek isolatie- en plaatmateriaal van vezelgewassen en reststromen. "
            "Brandveiligheid en vocht zijn de lastigste vragen. Ik werk mee aan drie "
            "BERNN-projecten."
        ),
        "expertise": [
            ("biobased bouwen", EXPERT),
            ("materiaaltesten", EXPERT),
            ("vezelgewassen", GEVORDERD),
        ],
        "offers": [
            (
                "Ik bied brand- en vochtproeven op biobased bouwmaterialen.",
                ["materiaaltesten", "biobased bouwen"],
            ),
        ],
        "needs": [],
    },
    {
        "email": "bart.oosting@example.nl",
        "name": "Bart Oosting",
        "organisation": "waddenkust",
        "job_title": "docent-onderzoeker",
        "headline": "Docent-onderzoeker biobased materialen",
        "region": FRIESLAND,
        "languages": "Nederlands, Fries, Engels",
        "availability_hours": 8,
        "bio": (
            "Ik geef les in materiaalkunde en onderzoek biocomposieten met vlasvezel. Met mijn "
            "studenten test ik materialen voor bedrijven uit de regio. Ik trek een van de "
            "vijftien BERNN-projecten."
        ),
        "expertise": [
            ("materiaaltesten", EXPERT),
            ("onderwijs", GEVORDERD),
            ("biocomposieten", GEVORDERD),
            ("vezelgewassen", BASIS),
        ],
        "offers": [
            (
                "Ik bied materiaaltesten door studenten onder begeleiding, tegen kostprijs.",
                ["materiaaltesten", "onderwijs"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een bedrijf dat kleine partijen vlasvezel wil leveren voor het onderwijs.",
                ["vezelgewassen", "onderwijs"],
            ),
        ],
    },
    {
        "email": "sietske.boonstra@waddenkust.example",
        "name": "Sietske Boonstra",
        "organisation": "waddenkust",
        "job_title": "lector circulaire economie",
        "headline": "Lector circulaire economie bij Hogeschool Waddenkust",
        "region": FRIESLAND,
        "languages": "Nederlands, Fries, Engels",
        "availability_hours": 6,
        "bio": (
            "Mijn lectoraat onderzoekt hoe bedrijven circulaire ketens opzetten, ook "
            "financieel. Ik trek twee BERNN-projecten over verdienmodellen. Ik werk graag met "
            "ondernemers die hun cijfers durven te delen."
        ),
        "expertise": [
            ("onderwijs", EXPERT),
            ("circulair ontwerp", GEVORDERD),
            ("levenscyclusanalyse", GEVORDERD),
            ("ondernemerschap", GEVORDERD),
        ],
        "offers": [
            (
                "Ik bied onderzoek naar verdienmodellen voor circulaire producten.",
                ["circulair ontwerp", "ondernemerschap"],
            ),
        ],
        "needs": [
            (
                "Ik zoek bedrijven die als casus mee willen doen aan onderzoek naar "
                "ketensamenwerking.",
                ["circulair ontwerp"],
            ),
        ],
    },
    {
        "email": "wouter.eefting@hsdrentscheaa.example",
        "name": "Wouter Eefting",
        "organisation": "hsdrentscheaa",
        "job_title": "docent kunststoftechnologie",
        "headline": "Docent kunststoftechnologie in Emmen",
        "region": DRENTHE,
        "languages": "Nederlands, Engels, Duits",
        "availability_hours": 6,
        "bio": (
            "Ik leid studenten op tot kunststoftechnoloog, met steeds meer aandacht voor "
            "biobased en recycling. Mijn studenten lopen stage bij SUSPACC-bedrijven. Ik ben "
            "de schakel tussen de opleiding en de proeffabriek."
        ),
        "expertise": [
            ("kunststofverwerking", EXPERT),
            ("onderwijs", EXPERT),
            ("recycling", GEVORDERD),
            ("biopolymeren", GEVORDERD),
            ("3D-printen", GEVORDERD),
        ],
        "offers": [
            (
                "Ik bied stagiairs en afstudeerders kunststoftechnologie.",
                ["onderwijs", "kunststofverwerking"],
            ),
        ],
        "needs": [
            (
                "Ik zoek praktijkopdrachten over recycling van biopolymeren voor tweedejaars.",
                ["recycling", "onderwijs"],
            ),
        ],
    },
    {
        "email": "k.tuinstra@reitdiep.example",
        "name": "Karin Tuinstra",
        "organisation": "reitdiep",
        "job_title": "universitair hoofddocent",
        "headline": "Universitair hoofddocent katalyse voor groene chemie",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 4,
        "bio": (
            "Mijn onderzoeksgroep ontwikkelt katalysatoren die suikers en lignine omzetten in "
            "chemische bouwstenen. Ik werk graag samen met hogescholen en bedrijven om "
            "onderzoek naar de praktijk te brengen. In BERNN vertegenwoordig ik de universiteit."
        ),
        "expertise": [
            ("chemie", EXPERT),
            ("bioraffinage", EXPERT),
            ("onderwijs", GEVORDERD),
        ],
        "offers": [
            (
                "Ik bied analyses met onze NMR- en GC-apparatuur voor BERNN-projecten.",
                ["chemie"],
            ),
        ],
        "needs": [
            (
                "Ik zoek reststromen uit de regio die rijk zijn aan lignine.",
                ["bioraffinage"],
            ),
        ],
    },
    {
        "email": "j.vandermeulen@reitdiep.example",
        "name": "Joost van der Meulen",
        "organisation": "reitdiep",
        "job_title": "postdoc",
        "headline": "Postdoc fermentatie van reststromen",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 8,
        "bio": (
            "Ik onderzoek hoe bacteriën reststromen uit de landbouw omzetten in bouwstenen voor "
            "bioplastics. Mijn labwerk wil ik graag toetsen bij een bedrijf. Ik ben benieuwd "
            "wat er in de Biocoöperatie gebeurt."
        ),
        "expertise": [
            ("fermentatie", EXPERT),
            ("biopolymeren", GEVORDERD),
            ("chemie", GEVORDERD),
            ("onderwijs", BASIS),
        ],
        "offers": [
            (
                "Ik bied labproeven met fermentatie van reststromen op kleine schaal.",
                ["fermentatie"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een bedrijf met een proefinstallatie om een fermentatie op te schalen.",
                ["fermentatie", "procesengineering"],
            ),
        ],
    },
    {
        "email": "rick.zuidema@noorderlicht.example",
        "name": "Rick Zuidema",
        "organisation": "noorderlicht",
        "job_title": "docent procestechnologie",
        "headline": "Docent procestechnologie en bioraffinage",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 6,
        "bio": (
            "Ik geef les in procestechnologie en begeleid studenten bij projecten in de "
            "bioraffinage. Vorig jaar bouwden mijn studenten een kleine grasraffinage na. "
            "Ik zoek steeds nieuwe cases."
        ),
        "expertise": [
            ("procesengineering", EXPERT),
            ("bioraffinage", GEVORDERD),
            ("onderwijs", GEVORDERD),
        ],
        "offers": [
            (
                "Ik bied studentprojecten die een procesidee doorrekenen: massabalans en kosten.",
                ["procesengineering", "onderwijs"],
            ),
        ],
        "needs": [
            (
                "Ik zoek een bedrijf waar studenten een dag in de fabriek mogen meelopen.",
                ["onderwijs"],
            ),
        ],
    },
    {
        "email": "lotte.brouwer@noorderlicht.example",
        "name": "Lotte Brouwer",
        "organisation": "noorderlicht",
        "job_title": "onderzoeker",
        "headline": "Onderzoeker bij het lectoraat biobased economie",
        "region": GRONINGEN,
        "languages": "Nederlands, Engels",
        "availability_hours": 10,
        "bio": (
            "Ik werk als onderzoeker bij het lectoraat biobased economie en begeleid "
            "studententeams bij bedrijven. In de Biocoöperatie ben ik gast om praktijkvragen "
            "op te halen. Mijn achtergrond is agrifood."
        ),
        "expertise": [
            ("agrifood", GEVORDERD),
            ("onderwijs", GEVORDERD),
            ("eiwittransitie", BASIS),
            ("projectmanagement", BASIS),
        ],
        "offers": [
            (
                "Ik bied een team van vijf studenten voor een praktijkvraag van tien weken.",
                ["onderwijs"],
            ),
        ],
        "needs": [
            (
                "Ik zoek vragen van bedrijven over eiwitten uit gras en bonen.",
                ["eiwittransitie"],
            ),
        ],
    },
    {
        "email": "annemiek@praktijkcentrum.example",
        "name": "Annemiek Hulshof",
        "organisation": "praktijkcentrum",
        "job_title": "directeur",
        "headline": "Directeur praktijkcentrum: leren met echte machines",
        "region": FRIESLAND,
        "languages": "Nederlands, Engels",
        "availability_hours": 6,
        "bio": (
            "Ons praktijkcentrum heeft een hal met machines waar studenten, docenten en "
            "bedrijven samen proeven doen. Ik zorg dat onderwijs en ondernemers elkaar daar "
            "vinden. BERNN gebruikt de hal voor meerdere deelprojecten."
        ),
        "expertise": [
            ("onderwijs", EXPERT),
            ("projectmanagement", GEVORDERD),
            ("procesengineering", BASIS),
        ],
        "offers": [
            (
                "Ik bied een werkplaats met pers, zeef en droger voor proeven op kleine schaal.",
                ["procesengineering", "onderwijs"],
            ),
        ],
        "needs": [
            (
                "Ik zoek ondernemers die een dag per maand les willen geven in onze hal.",
                ["onderwijs"],
            ),
        ],
    },
    {
        "email": "ellen@praktijkcentrum.example",
        "name": "Ellen Postmus",
        "organisation": "praktijkcentrum",
        "job_title": "coördinator onderwijs",
        "headline": "Coördinator onderwijs en stages",
        "region": FRIESLAND,
        "languages": "Nederlands, Fries, Engels",
        "availability_hours": 8,
        "bio": (
            "Ik koppel studenten van mbo, hbo en universiteit aan opdrachten in de biobased "
            "economie. Een goede opdracht is concreet, haalbaar en een beetje spannend. Ik "
            "help bedrijven hun vraag zo op te schrijven."
        ),
        "expertise": [
            ("onderwijs", EXPERT),
            ("projectmanagement", GEVORDERD),
            ("agrifood", BASIS),
        ],
        "offers": [
            (
                "Ik bied hulp bij het omzetten van een bedrijfsvraag in een stage- of "
                "afstudeeropdracht.",
                ["onderwijs"],
            ),
        ],
        "needs": [],
    },
]

NETWORKS = [
    {
        "slug": "biocooperatie",
        "name": "Biocoöperatie Noord-Nederland",
        "theme": "Biobased economie in Groningen, Friesland en Drenthe",
        "description": (
            "De Biocoöperatie verbindt mkb-bedrijven in de drie noordelijke provincies die met "
            "biobased grondstoffen werken: van akkerbouwers en vezelverwerkers tot "
            "bioraffinaderijen, bouwers en adviseurs.\n\n"
            "We komen regelmatig bij elkaar op het bedrijf van een van de leden. Uit die "
            "bijeenkomsten komen ideeën om samen te werken; de coördinator zorgt dat ze acties "
            "en projecten worden, met een trekker en een datum."
        ),
        # The network spans three provinces, so it names no single region.
        "region": "",
        "visibility": Network.Visibility.LISTED,
        "join_policy": Network.JoinPolicy.APPROVAL,
    },
    {
        "slug": "suspacc",
        "name": "SUSPACC",
        "theme": "Groene chemie rond Emmen: biopolymeren, biocomposieten, recycling en 3D-printen",
        "description": (
            "SUSPACC is een netwerk van bedrijven rond Emmen die werken aan groene chemie: "
            "biopolymeren, biocomposieten, recycling en 3D-printen.\n\n"
            "De leden hebben samen de Groene Proeffabriek Emmen opgezet, met machines die één "
            "bedrijf niet alleen kan betalen: een compoundeerlijn, een spuitgietmachine, een "
            "plaatpers en een grote 3D-printer. Leden boeken de machines en betalen naar "
            "gebruik."
        ),
        "region": DRENTHE,
        "visibility": Network.Visibility.LISTED,
        # On approval, not open: members share machines and costs, so the
        # coordinator sees who joins. It also gives the demo a pending request.
        "join_policy": Network.JoinPolicy.APPROVAL,
    },
    {
        "slug": "bernn",
        "name": "BERNN",
        "theme": "Hogescholen en universiteit samen in de biobased economie",
        "description": (
            "In BERNN werken de noordelijke hogescholen en de universiteit samen aan onderzoek "
            "en onderwijs voor de biobased economie.\n\n"
            "We dienen één gezamenlijke subsidieaanvraag in waaronder vijftien kleine projecten "
            "vallen, elk met een trekker, een bedrijf uit de regio en studenten. Deelname gaat "
            "op uitnodiging."
        ),
        "region": GRONINGEN,
        "visibility": Network.Visibility.LISTED,
        "join_policy": Network.JoinPolicy.INVITATION,
    },
    {
        "slug": "kerngroep",
        "name": "Kerngroep Biobased Fondsen",
        "theme": "Gezamenlijke fondsenwerving voor biobased projecten",
        "description": (
            "Besloten overleg van de coördinatoren van de drie netwerken en een "
            "subsidieadviseur. Hier stemmen we af welke aanvragen we samen indienen, zodat de "
            "netwerken elkaar niet beconcurreren."
        ),
        "region": "",
        "visibility": Network.Visibility.HIDDEN,
        "join_policy": Network.JoinPolicy.INVITATION,
    },
]

# Per network, who is in it and with which role; coordinators first.
MEMBERSHIPS = {
    "biocooperatie": [
        ("anke.dijkstra@example.nl", COORDINATOR),
        ("pieter.terpstra@example.nl", COORDINATOR),
        ("sjoerd.hoekstra@example.nl", MEMBER),
        ("w.postma@groenvezel.example", MEMBER),
        ("gerrit@hennepheem.example", MEMBER),
        ("marieke.smit@wierde.example", MEMBER),
        ("r.kuipers@wierde.example", MEMBER),
        ("jannie.bos@zetmeelhuis.example", MEMBER),
        ("jelle.kooistra@zetmeelhuis.example", MEMBER),
        ("klaas@biogascollectief.example", MEMBER),
        ("esther.meijer@vrachtvogel.example", MEMBER),
        ("douwe@stroleem.example", MEMBER),
        ("lisanne@gistkracht.example", MEMBER),
        ("thijs.huizinga@eemsmondchemie.example", MEMBER),
        ("hendrik.veenstra@example.nl", MEMBER),
        ("nynke@ontwerpstudiodobbe.example", MEMBER),
        ("roelof@akkerwaarde.example", MEMBER),
        ("tamara@kwelderzeewier.example", MEMBER),
        ("tjeerd@kwelderzeewier.example", MEMBER),
        ("bram@kringloopcijfers.example", MEMBER),
        ("jeroen.wubbels@example.nl", MEMBER),
        ("femke.zijlstra@example.nl", MEMBER),
        ("lotte.brouwer@noorderlicht.example", GUEST),
    ],
    "suspacc": [
        ("jeroen.wubbels@example.nl", COORDINATOR),
        ("sander@groeneproeffabriek.example", MEMBER),
        ("inge.hadders@example.nl", MEMBER),
        ("y.kamps@hondsrugpolymeren.example", MEMBER),
        ("erik@vezelsterk.example", MEMBER),
        ("mirjam@printwerkdrenthe.example", MEMBER),
        ("henk@tweedeleven.example", MEMBER),
        ("arjen@emmerspuitgiet.example", MEMBER),
        ("thijs.huizinga@eemsmondchemie.example", MEMBER),
        ("nynke@ontwerpstudiodobbe.example", MEMBER),
        ("wouter.eefting@hsdrentscheaa.example", MEMBER),
        ("hilde.venema@kennisinstituuteems.example", GUEST),
    ],
    "bernn": [
        ("femke.zijlstra@example.nl", COORDINATOR),
        ("ilse.westerhof@kennisinstituuteems.example", COORDINATOR),
        ("bart.oosting@example.nl", MEMBER),
        ("sietske.boonstra@waddenkust.example", MEMBER),
        ("wouter.eefting@hsdrentscheaa.example", MEMBER),
        ("k.tuinstra@reitdiep.example", MEMBER),
        ("j.vandermeulen@reitdiep.example", MEMBER),
        ("maarten.schuurman@kennisinstituuteems.example", MEMBER),
        ("rick.zuidema@noorderlicht.example", MEMBER),
        ("lotte.brouwer@noorderlicht.example", MEMBER),
        ("annemiek@praktijkcentrum.example", MEMBER),
        ("ellen@praktijkcentrum.example", MEMBER),
        ("hendrik.veenstra@example.nl", GUEST),
    ],
    "kerngroep": [
        ("hendrik.veenstra@example.nl", COORDINATOR),
        ("anke.dijkstra@example.nl", MEMBER),
        ("jeroen.wubbels@example.nl", MEMBER),
        ("femke.zijlstra@example.nl", MEMBER),
    ],
}

# Pending requests from people who are not (yet) members of that network.
JOIN_REQUESTS = [
    (
        "biocooperatie",
        "evelien@vlasdekker.example",
        "Wij zijn een vlasverwerker uit Friesland en willen vezels leveren voor composieten en "
        "de bouw. Graag leren we de andere leden kennen en zoeken we samen naar afnemers.",
    ),
    (
        "biocooperatie",
        "erik@vezelsterk.example",
        "Vezelsterk wil meer natuurvezels uit Noord-Nederland gebruiken. Via de Biocoöperatie "
        "hoop ik telers en verwerkers te vinden die met ons een keten willen opzetten.",
    ),
    (
        "biocooperatie",
        "j.vandermeulen@reitdiep.example",
        "Als onderzoeker wil ik mijn werk aan fermentatie toetsen aan de praktijk. Ik zoek "
        "bedrijven met reststromen en denk graag mee over toepassingen.",
    ),
    (
        "suspacc",
        "douwe@stroleem.example",
        "Ik wil biobased bouwpanelen laten persen en testen in de proeffabriek. Graag sluit ik "
        "aan om de plaatpers te kunnen boeken.",
    ),
    (
        "suspacc",
        "jannie.bos@zetmeelhuis.example",
        "Wij willen een zetmeelblend laten spuitgieten in de proeffabriek en zoeken kennis van "
        "biopolymeren bij de andere leden.",
    ),
]

# Accepted partner links: (from, to, what the two networks coordinate).
PARTNER_LINKS = [
    (
        "biocooperatie",
        "suspacc",
        "Leden van de Biocoöperatie testen hun vezels en reststromen in de proeffabriek van "
        "SUSPACC; we verwijzen vragen over biocomposieten naar elkaar door.",
    ),
    (
        "biocooperatie",
        "bernn",
        "Studenten en lectoraten van BERNN werken aan praktijkvragen van Biocoöperatie-leden; "
        "bedrijven zijn partner in deelprojecten van de gezamenlijke subsidieaanvraag.",
    ),
    (
        "suspacc",
        "bernn",
        "Onderzoekers van BERNN gebruiken de machines van SUSPACC voor proeven met "
        "biopolymeren en 3D-printen; SUSPACC levert praktijkcases voor het onderwijs.",
    ),
]

# The accounts to try the demo with: per network a coordinator and a member.
DEMO_LOGINS = [
    ("biocooperatie", COORDINATOR, "anke.dijkstra@example.nl"),
    ("biocooperatie", MEMBER, "sjoerd.hoekstra@example.nl"),
    ("suspacc", COORDINATOR, "jeroen.wubbels@example.nl"),
    ("suspacc", MEMBER, "inge.hadders@example.nl"),
    ("bernn", COORDINATOR, "femke.zijlstra@example.nl"),
    ("bernn", MEMBER, "bart.oosting@example.nl"),
    ("kerngroep", COORDINATOR, "hendrik.veenstra@example.nl"),
    ("kerngroep", MEMBER, "anke.dijkstra@example.nl"),
]


class TagCache:
    """Tags by lower-case name or synonym, so each name is resolved once."""

    def __init__(self) -> None:
        self._tags: dict[str, Tag] = {}

    def add(self, name: str, tag: Tag) -> None:
        self._tags[name.lower()] = tag

    def get(self, name: str) -> Tag:
        key = name.lower()
        if key not in self._tags:
            self._tags[key] = Tag.objects.get_or_create_by_name(name)
        return self._tags[key]

    def many(self, names: list[str]) -> list[Tag]:
        return [self.get(name) for name in names]


def seed_tags() -> TagCache:
    """The shared vocabulary and its synonyms."""
    tags = TagCache()
    for name in TAGS:
        tags.get(name)
    for synonym, name in TAG_SYNONYMS.items():
        tag = Tag.objects.resolve(synonym)
        if tag is None:
            tag = TagSynonym.objects.create(tag=tags.get(name), name=synonym).tag
        tags.add(synonym, tag)
    return tags


def seed_organisations() -> dict[str, Organisation]:
    organisations = {}
    for key, name, kvk_number, sector, region in ORGANISATIONS:
        organisations[key], _created = Organisation.objects.update_or_create(
            kvk_number=kvk_number,
            defaults={
                "name": name,
                "sector": sector,
                "region": region,
                "website": f"https://{key}.example",
            },
        )
    return organisations


def seed_people(
    organisations: dict[str, Organisation], tags: TagCache, password_hash: str
) -> dict[str, User]:
    """People with their organisation, expertise, offers and needs.

    The password is set only when the account is created, so running the
    command again leaves every row as it was.
    """
    people = {}
    for data in PEOPLE:
        email = data["email"]
        profile = {
            field: data[field]
            for field in ("name", "headline", "bio", "region", "languages", "availability_hours")
        }
        user, _created = User.objects.update_or_create(
            email=email,
            defaults=profile,
            create_defaults={**profile, "password": password_hash},
        )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Affiliation.objects.update_or_create(
            user=user,
            organisation=organisations[data["organisation"]],
            defaults={"job_title": data["job_title"]},
        )
        for tag_name, level in data["expertise"]:
            Expertise.objects.update_or_create(
                user=user, tag=tags.get(tag_name), defaults={"level": level}
            )
        for kind, items in ((ProfileItem.Kind.OFFER, "offers"), (ProfileItem.Kind.NEED, "needs")):
            for text, tag_names in data[items]:
                item, _created = ProfileItem.objects.get_or_create(user=user, kind=kind, text=text)
                item.tags.set(tags.many(tag_names))
        people[email] = user
    return people


def seed_admin(password_hash: str) -> User:
    """The site admin, for Django's admin and for every network."""
    fields = {"name": "Beheerder Gilde", "is_staff": True, "is_superuser": True}
    admin, _created = User.objects.update_or_create(
        email=ADMIN_EMAIL,
        defaults=fields,
        create_defaults={**fields, "password": password_hash},
    )
    EmailAddress.objects.get_or_create(
        user=admin, email=ADMIN_EMAIL, defaults={"verified": True, "primary": True}
    )
    return admin


def seed_networks() -> dict[str, Network]:
    networks = {}
    for data in NETWORKS:
        fields = {key: value for key, value in data.items() if key != "slug"}
        networks[data["slug"]], _created = Network.objects.update_or_create(
            slug=data["slug"], defaults=fields
        )
    return networks


def seed_memberships(networks: dict[str, Network], people: dict[str, User]) -> None:
    """Active memberships on behalf of each person's organisation.

    Join dates are spread over the past two years, earliest for the coordinators.
    """
    now = timezone.now()
    for slug, members in MEMBERSHIPS.items():
        for position, (email, role) in enumerate(members):
            user = people[email]
            fields = {
                "role": role,
                "status": Membership.Status.ACTIVE,
                "organisation": user.affiliations.first().organisation,
            }
            Membership.objects.update_or_create(
                network=networks[slug],
                user=user,
                defaults=fields,
                create_defaults={**fields, "joined_at": now - timedelta(days=700 - 23 * position)},
            )


def seed_join_requests(networks: dict[str, Network], people: dict[str, User]) -> None:
    """Pending requests, unless that person already asked or is a member (e.g. approved)."""
    for slug, email, motivation in JOIN_REQUESTS:
        network, user = networks[slug], people[email]
        if JoinRequest.objects.filter(network=network, user=user).exists():
            continue
        if Membership.objects.filter(network=network, user=user).exists():
            continue
        JoinRequest.objects.create(
            network=network,
            user=user,
            organisation=user.affiliations.first().organisation,
            motivation=motivation,
        )


def seed_partner_links(networks: dict[str, Network], people: dict[str, User]) -> None:
    """Accepted links between the three main networks, in whichever direction they exist."""
    coordinators = {slug: email for slug, role, email in DEMO_LOGINS if role == COORDINATOR}
    for from_slug, to_slug, note in PARTNER_LINKS:
        pair = [networks[from_slug], networks[to_slug]]
        link = PartnerLink.objects.filter(from_network__in=pair, to_network__in=pair).first()
        if link is None:
            link = PartnerLink(
                from_network=pair[0], to_network=pair[1], created_by=people[coordinators[from_slug]]
            )
        link.note = note
        link.status = PartnerLink.Status.ACCEPTED
        link.save()


class Command(BaseCommand):
    help = "Fill the database with the invented demo networks. Safe to run again."
    # `make run` calls this on every start, between migrate and runserver, which
    # both run the system checks already; skipping them here saves a fifth of a second.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any network exists (used by `make run`).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Seed even when DEBUG is off (not for live sites)"
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            # The demo accounts share a published password: never on a live site by accident.
            raise CommandError("DEBUG is off: this looks like production. Use --force to seed.")
        if options["if_empty"] and Network.objects.exists():
            self.stdout.write("Networks exist already: demo data not seeded.")
        else:
            self.seed()
        self.print_logins()

    def seed(self) -> None:
        # One hash for everyone: hashing ~40 passwords one by one takes seconds.
        password_hash = make_password(DEMO_PASSWORD)
        with transaction.atomic():
            tags = seed_tags()
            organisations = seed_organisations()
            people = seed_people(organisations, tags, password_hash)
            seed_admin(password_hash)
            networks = seed_networks()
            seed_memberships(networks, people)
            seed_join_requests(networks, people)
            seed_partner_links(networks, people)
            reports = demo.run_all()
        self.stdout.write(
            f"Demo data ready: {len(networks)} networks, {len(organisations)} organisations, "
            f"{len(people)} people."
        )
        for report in reports:
            self.stdout.write(report)

    def print_logins(self) -> None:
        """The demo accounts that exist in this database, with the shared password."""
        emails = {email for _slug, _role, email in DEMO_LOGINS} | {ADMIN_EMAIL}
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        if not existing:
            self.stdout.write("No demo accounts in this database.")
            return
        names = {data["email"]: data["name"] for data in PEOPLE}
        network_names = {data["slug"]: data["name"] for data in NETWORKS}
        rows = [
            (network_names[slug], role, names[email], email)
            for slug, role, email in DEMO_LOGINS
            if email in existing
        ]
        if ADMIN_EMAIL in existing:
            rows.append(("(whole site)", "site admin", "Beheerder Gilde", ADMIN_EMAIL))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for row in rows:
            cells = [row[i].ljust(widths[i]) for i in range(3)]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))
