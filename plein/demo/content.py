"""Product demo data: the fictional Zuiderhaven Financiële Diensten.

Every name, address, phone number and story below is invented for the Plein
demo. The text is Dutch (mostly) and English on purpose: it is what a Dutch
financial-services firm's own social network sounds like, and it gives
search, language detection and hashtags something real to work on.

Placeholders in post and comment templates, filled by the builder:
``{m}`` and ``{m2}`` an @mention of a colleague, ``{place}`` an office,
``{day}`` a weekday, ``{n}`` a number, ``{time}`` a time of day.
"""

from typing import NotRequired, TypedDict

ORG_NAME = "Zuiderhaven Financiële Diensten"
DOMAIN = "zuiderhaven.example"
PASSWORD = "plein-demo"

DEPARTMENTS = [
    ("directie", "Directie & Finance"),
    ("hypotheken", "Hypotheken"),
    ("beleggen", "Beleggen"),
    ("klantenservice", "Klantenservice"),
    ("risk", "Risk & Compliance"),
    ("it", "IT"),
    ("po", "P&O"),
    ("communicatie", "Communicatie"),
]

LOCATIONS = {
    "Amsterdam": "+31 20 555 {:04d}",
    "Utrecht": "+31 30 555 {:04d}",
    "Eindhoven": "+31 40 555 {:04d}",
    "Rotterdam": "+31 10 555 {:04d}",
}

# (e-mail local part, full name, department, job title, location, manager's
#  e-mail local part, languages spoken, preferred interface language)
PEOPLE = [
    (
        "marianne.vanderlinden",
        "Marianne van der Linden",
        "directie",
        "Chief Executive Officer",
        "Amsterdam",
        None,
        "Nederlands, Engels, Duits",
        "nl",
    ),
    (
        "robert.jansen",
        "Robert Jansen",
        "directie",
        "Chief Financial Officer",
        "Amsterdam",
        "marianne.vanderlinden",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "ellen.bakker",
        "Ellen Bakker",
        "directie",
        "Controller",
        "Amsterdam",
        "robert.jansen",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "thomas.visser",
        "Thomas Visser",
        "directie",
        "Financieel analist",
        "Amsterdam",
        "robert.jansen",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "ingrid.mulder",
        "Ingrid Mulder",
        "directie",
        "Bestuurssecretaris",
        "Amsterdam",
        "marianne.vanderlinden",
        "Nederlands, Engels, Frans",
        "nl",
    ),
    (
        "eva.claassen",
        "Eva Claassen",
        "directie",
        "Programmamanager strategie",
        "Amsterdam",
        "marianne.vanderlinden",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "pieter.degroot",
        "Pieter de Groot",
        "hypotheken",
        "Directeur Hypotheken",
        "Utrecht",
        "marianne.vanderlinden",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "sanne.smit",
        "Sanne Smit",
        "hypotheken",
        "Teamleider hypotheekadvies",
        "Utrecht",
        "pieter.degroot",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "jeroen.bos",
        "Jeroen Bos",
        "hypotheken",
        "Hypotheekadviseur",
        "Utrecht",
        "sanne.smit",
        "Nederlands",
        "nl",
    ),
    (
        "fatma.yilmaz",
        "Fatma Yilmaz",
        "hypotheken",
        "Hypotheekadviseur",
        "Rotterdam",
        "sanne.smit",
        "Nederlands, Turks, Engels",
        "nl",
    ),
    (
        "noor.elidrissi",
        "Noor El Idrissi",
        "hypotheken",
        "Hypotheekadviseur",
        "Amsterdam",
        "sanne.smit",
        "Nederlands, Arabisch, Engels",
        "nl",
    ),
    (
        "hugo.brinkman",
        "Hugo Brinkman",
        "hypotheken",
        "Senior hypotheekadviseur",
        "Rotterdam",
        "sanne.smit",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "willem.vandijk",
        "Willem van Dijk",
        "hypotheken",
        "Senior acceptant",
        "Eindhoven",
        "pieter.degroot",
        "Nederlands, Duits",
        "nl",
    ),
    (
        "kees.dekker",
        "Kees Dekker",
        "hypotheken",
        "Acceptant",
        "Eindhoven",
        "willem.vandijk",
        "Nederlands",
        "nl",
    ),
    (
        "lotte.hendriks",
        "Lotte Hendriks",
        "hypotheken",
        "Acceptant",
        "Utrecht",
        "willem.vandijk",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "daan.brouwer",
        "Daan Brouwer",
        "hypotheken",
        "Productmanager Hypotheken",
        "Amsterdam",
        "pieter.degroot",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "hans.vermeulen",
        "Hans Vermeulen",
        "beleggen",
        "Directeur Beleggen",
        "Amsterdam",
        "marianne.vanderlinden",
        "Nederlands, Engels, Duits",
        "nl",
    ),
    (
        "sophie.dijkstra",
        "Sophie Dijkstra",
        "beleggen",
        "Teamleider vermogensbeheer",
        "Amsterdam",
        "hans.vermeulen",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "priya.sharma",
        "Priya Sharma",
        "beleggen",
        "Portfolio manager",
        "Amsterdam",
        "sophie.dijkstra",
        "English, Hindi, a little Dutch",
        "en",
    ),
    (
        "bram.dewit",
        "Bram de Wit",
        "beleggen",
        "Beleggingsadviseur",
        "Rotterdam",
        "sophie.dijkstra",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "lucas.meijer",
        "Lucas Meijer",
        "beleggen",
        "Beleggingsadviseur",
        "Eindhoven",
        "sophie.dijkstra",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "emma.peters",
        "Emma Peters",
        "beleggen",
        "Analist duurzaam beleggen (ESG)",
        "Amsterdam",
        "hans.vermeulen",
        "Nederlands, Engels, Spaans",
        "nl",
    ),
    (
        "chen.wei",
        "Chen Wei",
        "beleggen",
        "Quantitative analyst",
        "Amsterdam",
        "hans.vermeulen",
        "English, Mandarin",
        "en",
    ),
    (
        "karin.schouten",
        "Karin Schouten",
        "klantenservice",
        "Manager Klantenservice",
        "Rotterdam",
        "marianne.vanderlinden",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "youssef.benali",
        "Youssef Benali",
        "klantenservice",
        "Teamleider Klantenservice",
        "Rotterdam",
        "karin.schouten",
        "Nederlands, Arabisch, Frans",
        "nl",
    ),
    (
        "anna",
        "Anna de Vries",
        "klantenservice",
        "Klantenservicemedewerker",
        "Rotterdam",
        "youssef.benali",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "mila.janssen",
        "Mila Janssen",
        "klantenservice",
        "Klantenservicemedewerker",
        "Rotterdam",
        "youssef.benali",
        "Nederlands",
        "nl",
    ),
    (
        "ruben.koster",
        "Ruben Koster",
        "klantenservice",
        "Klantenservicemedewerker",
        "Eindhoven",
        "youssef.benali",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "marloes.verbruggen",
        "Marloes Verbruggen",
        "klantenservice",
        "Klantenservicemedewerker",
        "Eindhoven",
        "youssef.benali",
        "Nederlands",
        "nl",
    ),
    (
        "aylin.kaya",
        "Aylin Kaya",
        "klantenservice",
        "Klantenservicemedewerker",
        "Utrecht",
        "youssef.benali",
        "Nederlands, Turks",
        "nl",
    ),
    (
        "demi.verhoeven",
        "Demi Verhoeven",
        "klantenservice",
        "Medewerker chat & social care",
        "Rotterdam",
        "karin.schouten",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "stijn.kuipers",
        "Stijn Kuipers",
        "klantenservice",
        "Kwaliteitscoach",
        "Rotterdam",
        "karin.schouten",
        "Nederlands",
        "nl",
    ),
    (
        "gijs.postma",
        "Gijs Postma",
        "klantenservice",
        "Klachtenbehandelaar",
        "Rotterdam",
        "karin.schouten",
        "Nederlands, Fries",
        "nl",
    ),
    (
        "margriet.hoekstra",
        "Margriet Hoekstra",
        "risk",
        "Chief Risk Officer",
        "Amsterdam",
        "marianne.vanderlinden",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "frank.deboer",
        "Frank de Boer",
        "risk",
        "Compliance officer",
        "Amsterdam",
        "margriet.hoekstra",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "iris.vos",
        "Iris Vos",
        "risk",
        "Compliance adviseur",
        "Utrecht",
        "frank.deboer",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "olga.nowak",
        "Olga Nowak",
        "risk",
        "Privacy officer (FG)",
        "Utrecht",
        "margriet.hoekstra",
        "English, Polish, Dutch",
        "en",
    ),
    (
        "joost.vanleeuwen",
        "Joost van Leeuwen",
        "risk",
        "Risk analist",
        "Amsterdam",
        "margriet.hoekstra",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "martijn.prins",
        "Martijn Prins",
        "risk",
        "AML/KYC specialist",
        "Rotterdam",
        "frank.deboer",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "arjen.kok",
        "Arjen Kok",
        "it",
        "Chief Information Officer",
        "Eindhoven",
        "marianne.vanderlinden",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "admin",
        "Ruud Verbeek",
        "it",
        "Applicatiebeheerder Plein",
        "Eindhoven",
        "arjen.kok",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "femke.dejong",
        "Femke de Jong",
        "it",
        "Scrum master",
        "Utrecht",
        "arjen.kok",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "thijs.scholten",
        "Thijs Scholten",
        "it",
        "IT-architect",
        "Eindhoven",
        "arjen.kok",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "sven.lindqvist",
        "Sven Lindqvist",
        "it",
        "Cloud engineer",
        "Eindhoven",
        "thijs.scholten",
        "English, Swedish",
        "en",
    ),
    (
        "rajesh.iyer",
        "Rajesh Iyer",
        "it",
        "Chief Information Security Officer",
        "Amsterdam",
        "arjen.kok",
        "English, Tamil",
        "en",
    ),
    (
        "tim.bosman",
        "Tim Bosman",
        "it",
        "Servicedeskmedewerker",
        "Eindhoven",
        "femke.dejong",
        "Nederlands",
        "nl",
    ),
    (
        "laura.gerritsen",
        "Laura Gerritsen",
        "it",
        "Data engineer",
        "Utrecht",
        "thijs.scholten",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "koen.willems",
        "Koen Willems",
        "it",
        "Developer",
        "Eindhoven",
        "femke.dejong",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "marco.rossi",
        "Marco Rossi",
        "it",
        "Developer",
        "Eindhoven",
        "femke.dejong",
        "English, Italian",
        "en",
    ),
    (
        "julia.evers",
        "Julia Evers",
        "it",
        "Product owner digitale klantreis",
        "Utrecht",
        "arjen.kok",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "wendy.maas",
        "Wendy Maas",
        "po",
        "Directeur P&O",
        "Utrecht",
        "marianne.vanderlinden",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "yasmin.haddou",
        "Yasmin Haddou",
        "po",
        "HR business partner",
        "Amsterdam",
        "wendy.maas",
        "Nederlands, Frans, Arabisch",
        "nl",
    ),
    (
        "bas.hermans",
        "Bas Hermans",
        "po",
        "Recruiter",
        "Utrecht",
        "wendy.maas",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "roos.timmermans",
        "Roos Timmermans",
        "po",
        "Recruiter employer branding",
        "Amsterdam",
        "wendy.maas",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "ilse.groen",
        "Ilse Groen",
        "po",
        "Adviseur leren & ontwikkelen",
        "Utrecht",
        "wendy.maas",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "dennis.vanbeek",
        "Dennis van Beek",
        "po",
        "Salarisadministrateur",
        "Utrecht",
        "wendy.maas",
        "Nederlands",
        "nl",
    ),
    (
        "jasper.dekkers",
        "Jasper Dekkers",
        "communicatie",
        "Manager Communicatie",
        "Amsterdam",
        "marianne.vanderlinden",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "moderator",
        "Fatima El Amrani",
        "communicatie",
        "Community manager",
        "Amsterdam",
        "jasper.dekkers",
        "Nederlands, Engels, Arabisch",
        "nl",
    ),
    (
        "tess.vandenberg",
        "Tess van den Berg",
        "communicatie",
        "Adviseur interne communicatie",
        "Utrecht",
        "jasper.dekkers",
        "Nederlands, Engels",
        "nl",
    ),
    (
        "liam.oconnor",
        "Liam O'Connor",
        "communicatie",
        "Content marketer",
        "Amsterdam",
        "jasper.dekkers",
        "English, Irish, some Dutch",
        "en",
    ),
    (
        "nina.smeets",
        "Nina Smeets",
        "communicatie",
        "Woordvoerder",
        "Amsterdam",
        "jasper.dekkers",
        "Nederlands, Engels, Duits",
        "nl",
    ),
]

# The fixed demo log-ins: e-mail local part → (handle, organisation role).
FIXED_ACCOUNTS = {
    "admin": ("ruud.verbeek", "admin"),
    "anna": ("anna", "member"),
    "moderator": ("fatima.elamrani", "moderator"),
    # The compliance officer: audit log, eDiscovery exports, legal holds.
    "frank.deboer": ("frank.deboer", "compliance"),
}

SKILLS = {
    "directie": [
        "Strategie",
        "Financiële planning",
        "IFRS",
        "Budgettering",
        "Stakeholdermanagement",
        "Fusies en overnames",
    ],
    "hypotheken": [
        "Hypotheekadvies",
        "Wft Hypothecair krediet",
        "Acceptatiebeleid",
        "Taxaties",
        "Energielabels",
        "Klantgesprekken",
    ],
    "beleggen": [
        "Vermogensbeheer",
        "ESG-analyse",
        "Python",
        "Obligaties",
        "Risicoprofielen",
        "MiFID II",
    ],
    "klantenservice": [
        "Klantgesprekken",
        "Klachtafhandeling",
        "Webcare",
        "Kennisbank",
        "De-escalatie",
        "Telefonie",
    ],
    "risk": ["AVG", "Wwft", "Integriteit", "Risicomanagement", "Auditing", "DORA"],
    "it": [
        "Python",
        "Django",
        "Kubernetes",
        "PostgreSQL",
        "Security",
        "Scrum",
        "Azure",
        "Incidentmanagement",
    ],
    "po": [
        "Werving en selectie",
        "Arbeidsrecht",
        "Employer branding",
        "Coaching",
        "Verzuimbegeleiding",
        "LinkedIn",
    ],
    "communicatie": [
        "Interne communicatie",
        "Webredactie",
        "Sociale media",
        "Persvoorlichting",
        "Communitymanagement",
        "Storytelling",
    ],
}

BIOS = {
    "directie": [
        "Houdt van heldere cijfers en korte vergaderingen. Fietst elke dag van Haarlem naar de Zuidas.",
        "Verbindt strategie en uitvoering. Vraag me gerust naar ons meerjarenplan.",
        "Werkt al {n} jaar bij Zuiderhaven. Zaterdags op de hockeyclub te vinden.",
    ],
    "hypotheken": [
        "Helpt starters aan hun eerste huis. Vraag me alles over de nieuwe leennormen.",
        "Acceptatie is maatwerk: liever één vraag te veel dan één dossier te weinig.",
        "Verduurzamen van woningen is mijn stokpaardje. #duurzaam",
        "Van taxatierapport tot passeerdatum: ik ken het hele proces.",
    ],
    "beleggen": [
        "Beleggen met beleid: lange termijn, gespreid, en duurzaam waar het kan.",
        "I build the models behind our risk profiles. Happy to explain them over coffee.",
        "Volgt de rentemarkt op de voet en deelt graag wat ze ziet.",
    ],
    "klantenservice": [
        "De stem van Zuiderhaven aan de telefoon. Ik hoor wat klanten écht vragen.",
        "Klantvragen omzetten in kennisbankartikelen, daar word ik blij van.",
        "Webcare en chat. Snel, vriendelijk en correct, in die volgorde.",
        "Klachten zijn cadeautjes: ze vertellen ons wat beter kan.",
    ],
    "risk": [
        "Compliance is geen afdeling maar een houding. Vragen? Liever vooraf dan achteraf.",
        "Privacy by design. Ask me before you share a spreadsheet with client data.",
        "Houdt de risico's in beeld zodat de rest van Zuiderhaven kan ondernemen.",
    ],
    "it": [
        "Zorgt dat de systemen draaien, ook op maandagochtend.",
        "Cloud, containers and coffee. Based in Eindhoven.",
        "Bouwt aan de digitale klantreis. Feedback op de app is altijd welkom.",
        "Beheert Plein. Iets stuk of een idee? Laat het weten in IT Storingen & Releases.",
    ],
    "po": [
        "Op zoek naar talent, binnen en buiten Zuiderhaven. Ken jij iemand? Tip me!",
        "Leren en ontwikkelen voor iedereen, van trainee tot directie.",
        "Jouw aanspreekpunt voor salaris, verlof en alles daartussen.",
    ],
    "communicatie": [
        "Vertelt het verhaal van Zuiderhaven, binnen en buiten.",
        "Community manager van Plein: ik help groepen op gang en houd het gesprek gezond.",
        "Words, pictures and the occasional video. Ask me about our social media guidelines.",
    ],
}


class GroupSpec(TypedDict):
    name: str
    description: str
    kind: str
    admins: list[str]
    departments: str | list[str]
    share: float
    extra: NotRequired[list[str]]


# key: (name, description, kind, admin e-mail local parts, member rule)
# Member rule: "all", a list of department keys, or "managers"; plus extra
# e-mail local parts. ``share`` is the chance that someone from the named
# departments joins (1.0 = everyone).
GROUPS: dict[str, GroupSpec] = {
    "iedereen": {
        "name": "Iedereen @ Zuiderhaven",
        "description": "Nieuws voor en van alle collega's: town halls, mededelingen van de directie, vieringen.",
        "kind": "open",
        "admins": ["jasper.dekkers", "moderator"],
        "departments": "all",
        "share": 1.0,
    },
    "hypotheken": {
        "name": "Hypotheken Vakgroep",
        "description": "Alles over hypotheekadvies, acceptatie, leennormen en de woningmarkt. #hypotheek",
        "kind": "open",
        "admins": ["sanne.smit"],
        "departments": ["hypotheken"],
        "share": 1.0,
        "extra": [
            "anna",
            "aylin.kaya",
            "mila.janssen",
            "iris.vos",
            "daan.brouwer",
            "julia.evers",
        ],
    },
    "beleggen": {
        "name": "Beleggen & Markten",
        "description": "Marktupdates, renteverwachtingen en beleggingsideeën. Geen advies aan klanten zonder toets!",
        "kind": "open",
        "admins": ["sophie.dijkstra"],
        "departments": ["beleggen", "directie"],
        "share": 0.8,
        "extra": ["joost.vanleeuwen", "laura.gerritsen"],
    },
    "klantvragen": {
        "name": "Klantvragen & Kennisbank",
        "description": "Stel hier de klantvraag waar je niet uitkomt. Antwoorden gaan naar de kennisbank.",
        "kind": "open",
        "admins": ["youssef.benali", "stijn.kuipers"],
        "departments": ["klantenservice", "hypotheken", "beleggen"],
        "share": 0.7,
        "extra": ["julia.evers", "tim.bosman", "frank.deboer"],
    },
    "compliance": {
        "name": "Compliance Corner",
        "description": "Regels, toezicht en integriteit in gewone taal. Vragen zijn altijd goed. #compliance",
        "kind": "open",
        "admins": ["frank.deboer"],
        "departments": ["risk"],
        "share": 1.0,
        "extra": [
            "sanne.smit",
            "sophie.dijkstra",
            "karin.schouten",
            "yasmin.haddou",
            "rajesh.iyer",
            "anna",
            "moderator",
            "daan.brouwer",
        ],
    },
    "it": {
        "name": "IT Storingen & Releases",
        "description": "Storingen, onderhoud, releases en tips. Meld incidenten bij de servicedesk, bespreek ze hier.",
        "kind": "open",
        "admins": ["admin", "tim.bosman"],
        "departments": "all",
        "share": 0.65,
    },
    "duurzaam": {
        "name": "Duurzaam Zuiderhaven",
        "description": "Groene hypotheken, ESG-beleggen en een duurzamer kantoor. #duurzaam",
        "kind": "open",
        "admins": ["emma.peters"],
        "departments": "all",
        "share": 0.35,
        "extra": ["daan.brouwer", "willem.vandijk"],
    },
    "ai": {
        "name": "AI & Innovatie",
        "description": "Experimenten met AI, automatisering en nieuwe tools. Wat mag wel en wat niet? #ai",
        "kind": "open",
        "admins": ["julia.evers", "chen.wei"],
        "departments": ["it", "beleggen"],
        "share": 0.6,
        "extra": [
            "olga.nowak",
            "frank.deboer",
            "liam.oconnor",
            "stijn.kuipers",
            "anna",
            "eva.claassen",
        ],
    },
    "vacatures": {
        "name": "Vacatures & Talent",
        "description": "Interne vacatures, doorverwijzingen en talentpools. Ken je iemand? Tip P&O!",
        "kind": "open",
        "admins": ["bas.hermans", "roos.timmermans"],
        "departments": "all",
        "share": 0.5,
    },
    "leidinggevenden": {
        "name": "Leidinggevenden",
        "description": "Voor iedereen met een team: beleid in voorbereiding, personele zaken, de volgende town hall.",
        "kind": "closed",
        "admins": ["wendy.maas"],
        "departments": "managers",
        "share": 1.0,
    },
    "socialmedia": {
        "name": "Werkgroep Sociale Media",
        "description": "De werkgroep die de richtlijnen sociale media schrijft en onderhoudt.",
        "kind": "closed",
        "admins": ["moderator"],
        "departments": [],
        "share": 1.0,
        "extra": [
            "jasper.dekkers",
            "tess.vandenberg",
            "liam.oconnor",
            "frank.deboer",
            "olga.nowak",
            "roos.timmermans",
            "demi.verhoeven",
            "nina.smeets",
        ],
    },
    "noordster": {
        "name": "Project Noordster (overname)",
        "description": "Vertrouwelijk: de voorgenomen overname van een regionale hypotheekverstrekker. Niets delen buiten deze groep.",
        "kind": "secret",
        "admins": ["eva.claassen"],
        "departments": [],
        "share": 1.0,
        "extra": [
            "marianne.vanderlinden",
            "robert.jansen",
            "ellen.bakker",
            "margriet.hoekstra",
            "pieter.degroot",
            "frank.deboer",
            "thomas.visser",
            "arjen.kok",
        ],
    },
    "hardlopen": {
        "name": "Zuiderhaven Runners",
        "description": "Samen hardlopen na het werk en de Dam tot Damloop in september. All paces welcome!",
        "kind": "open",
        "admins": ["lucas.meijer"],
        "departments": "all",
        "share": 0.2,
        "extra": ["priya.sharma", "bas.hermans"],
    },
}

# How many short posts each place gets (None = the author's own profile).
POST_WEIGHTS = {
    None: 22,
    "iedereen": 12,
    "hypotheken": 11,
    "beleggen": 8,
    "klantvragen": 11,
    "compliance": 7,
    "it": 10,
    "duurzaam": 5,
    "ai": 6,
    "vacatures": 5,
    "leidinggevenden": 3,
    "socialmedia": 3,
    "noordster": 3,
    "hardlopen": 2,
}

# Short posts: (language, text). Keyed by where they are posted.
SHORT_POSTS = {
    None: [
        (
            "nl",
            "Vandaag mijn eerste klant geholpen met een overbruggingskrediet. Dank {m} voor het meekijken!",
        ),
        (
            "nl",
            "Wie heeft er tips voor een goede podcast over de woningmarkt? Ik heb {n} minuten treinreis naar {place}.",
        ),
        (
            "nl",
            "Mooi gesprek gehad met {m} over kennis delen tussen teams. Meer van dit soort koffiemomenten graag.",
        ),
        (
            "nl",
            "Na {n} jaar bij Zuiderhaven nog steeds elke dag iets nieuws geleerd. Vandaag: hoe een taxatierapport écht wordt gelezen.",
        ),
        ("nl", "Op {day} werk ik vanuit {place}. Zin om te lunchen? Laat het weten!"),
        (
            "nl",
            "Kudos voor {m}: ze loste vandaag een lastige klacht op binnen een uur. #kudos",
        ),
        (
            "nl",
            "Iemand een oplader voor een Dell-laptop over op de derde verdieping in {place}? Die van mij ligt thuis 🙈",
        ),
        (
            "nl",
            "Net de e-learning integriteit afgerond. Goede opfrisser, vooral het stuk over geschenken en uitnodigingen. #compliance",
        ),
        (
            "nl",
            "Morgen presenteer ik ons kwartaalresultaat aan het team. Wie wil vooraf meelezen? {m}?",
        ),
        (
            "nl",
            "Fijn om te zien hoeveel collega's meedoen aan de fietsactie. Vandaag {n} km gereden! #duurzaam",
        ),
        (
            "nl",
            "Vraag aan iedereen: welke mail zou je het liefst nooit meer krijgen? Ik begin: de reply-all op 'welkom nieuwe collega'.",
        ),
        (
            "nl",
            "Een klant belde vandaag om ons te bedanken. Gewoon omdat het goed ging. Dat hoor je niet vaak, dus ik deel het even. #klantbeleving",
        ),
        (
            "nl",
            "Leesadvies: 'Het nieuwe werken' blijft actueel. Vooral het hoofdstuk over vertrouwen geven aan teams.",
        ),
        (
            "nl",
            "Vandaag afscheid genomen van een fijne collega in {place}. Je kennis staat gelukkig in de kennisbank, niet alleen in je mailbox.",
        ),
        (
            "nl",
            "Wist je dat je op Plein een term kunt volgen? Ik volg nu #hypotheek en #rente, scheelt me tien mails per dag.",
        ),
        (
            "en",
            "First week at Zuiderhaven done. Thanks {m} and {m2} for the warm welcome, and for explaining what a 'borrel' is.",
        ),
        (
            "en",
            "Anyone up for a quick Dutch conversation lunch on {day}? My Dutch is improving, slowly. {m} offered to help.",
        ),
        (
            "en",
            "Great session today on how we explain risk to clients. Simple words beat clever charts.",
        ),
        (
            "en",
            "Reminder to myself and everyone: take a real lunch break. The screen will still be there at {time}.",
        ),
        (
            "en",
            "Shout-out to {m} for the excellent handover notes. This is how knowledge should travel. #kudos",
        ),
        (
            "nl",
            "Wie gaat er mee naar de klantdag in {place}? Ik rijd vanaf Utrecht en heb nog {n} plekken.",
        ),
        (
            "nl",
            "Vandaag geleerd: een goede vraag in een open groep levert meer op dan tien mails met iedereen in de cc.",
        ),
        (
            "nl",
            "Eerste keer gepost op Plein. Even wennen, maar ik zie nu al meer van wat er in {place} speelt.",
        ),
        (
            "nl",
            "Mijn team zoekt iemand met verstand van Power BI voor een klein klusje. {m}, jij toch?",
        ),
    ],
    "iedereen": [
        (
            "nl",
            "Volgende week {day} is de kwartaal #townhall om {time}, live in Amsterdam en via de stream. Stel je vragen vooraf hier in de reacties!",
        ),
        (
            "nl",
            "Welkom aan onze {n} nieuwe collega's deze maand! Zeg gerust hallo als je ze in {place} tegenkomt.",
        ),
        (
            "nl",
            "De kantine in {place} is vanaf maandag weer open, met een nieuw vegetarisch menu. #duurzaam",
        ),
        (
            "nl",
            "Dank voor alle vragen tijdens de #townhall. De antwoorden op de vragen die we niet haalden staan vrijdag op Plein.",
        ),
        (
            "nl",
            "Onze klanttevredenheid steeg dit kwartaal naar een 7,8. Dat is het werk van jullie allemaal. Dank je wel!",
        ),
        (
            "nl",
            "Let op: {day} is het kantoor in {place} gesloten vanwege onderhoud aan de klimaatinstallatie. Werk die dag thuis of in een ander kantoor.",
        ),
        (
            "nl",
            "De nieuwe richtlijnen sociale media staan online. Lees ze, want ook op LinkedIn ben je een beetje Zuiderhaven. #socialmedia #richtlijnen",
        ),
        (
            "nl",
            "Het medewerkersonderzoek is gestart. Je antwoorden zijn anoniem en we delen de uitkomsten hier op Plein.",
        ),
        (
            "nl",
            "Zuiderhaven bestaat {n} jaar! Vrijdag taart in alle kantoren en om {time} een borrel in {place}.",
        ),
        (
            "en",
            "For our international colleagues: the town hall on {day} will have live English subtitles. Questions in English are very welcome. #townhall",
        ),
        (
            "nl",
            "De eindejaarsbijeenkomst is dit jaar in {place}. Aanmelden kan tot {day}. Partners zijn welkom.",
        ),
        (
            "nl",
            "Vanaf deze maand versturen we geen all-staff mails meer: al het nieuws staat hier. Zet meldingen aan voor deze groep als je niets wilt missen.",
        ),
        (
            "en",
            "Our sustainability report is out. Short version: {n}% less CO2 from business travel since last year. #duurzaam",
        ),
        (
            "nl",
            "Vergeet niet je verlofdagen te plannen voor het einde van het jaar. Vragen? {m} helpt je graag.",
        ),
    ],
    "hypotheken": [
        (
            "nl",
            "De nieuwe leennormen voor volgend jaar zijn bekend. Vooral starters met een studieschuld krijgen meer ruimte. Wie maakt een samenvatting voor de kennisbank? #hypotheek",
        ),
        (
            "nl",
            "Vraag van een klant: mag het energielabel van de woning meewegen in de maximale hypotheek? Ja, tot {n} euro extra bij label A++. #hypotheek #duurzaam",
        ),
        (
            "nl",
            "Aanvragen deze week: {n}0. Dat is een record sinds januari. Petje af voor acceptatie! #hypotheek",
        ),
        (
            "nl",
            "Let op bij taxatierapporten van vóór {day}: het model is gewijzigd. {m} weet de details.",
        ),
        (
            "nl",
            "De rente op tien jaar vast is met 0,{n} procentpunt gedaald. Verwacht vragen over oversluiten. #rente #hypotheek",
        ),
        (
            "nl",
            "Tip: bij een aflossingsvrij deel van vóór 2013 gelden de oude regels. Check het altijd even in het dossier.",
        ),
        (
            "nl",
            "Wie heeft ervaring met een hypotheek voor een woning met erfpacht in {place}? Klant heeft vragen over de canon.",
        ),
        (
            "nl",
            "Overleg acceptatiebeleid verschoven naar {day} {time}. Agenda volgt van {m}.",
        ),
        (
            "nl",
            "Mooi nieuws: de doorlooptijd van aanvraag tot bindend aanbod is nu gemiddeld {n} werkdagen. #hypotheek",
        ),
        (
            "nl",
            "Nieuwe checklist voor zzp'ers die een hypotheek aanvragen staat in de kennisbank. Feedback welkom, {m}!",
        ),
        (
            "nl",
            "Vraag: rekenen we de 13e maand mee als die niet gegarandeerd is? Ik krijg verschillende antwoorden. #hypotheek",
        ),
        (
            "en",
            "Question from an expat client: can a 30% ruling be taken into account for the maximum mortgage? {m}, you handled one last month? #hypotheek",
        ),
        (
            "nl",
            "Webinar 'Verduurzamen met je hypotheek' op {day}: we zoeken nog een adviseur die een praktijkvoorbeeld wil delen. #duurzaam",
        ),
        (
            "nl",
            "Update van de woningmarkt: in {place} steeg de gemiddelde verkoopprijs met {n}%. Overbieden blijft de norm. #woningmarkt",
        ),
    ],
    "beleggen": [
        (
            "nl",
            "Marktupdate: de ECB houdt de rente gelijk. Obligaties reageren rustig. Onze visie volgt morgen. #rente #beleggen",
        ),
        (
            "nl",
            "De duurzame fondsen deden het dit kwartaal {n} basispunten beter dan de benchmark. #duurzaam #esg",
        ),
        (
            "en",
            "Updated the risk profile model: the questionnaire now has {n} questions instead of 24. Feedback from advisers welcome. #beleggen",
        ),
        (
            "nl",
            "Klanten vragen veel naar goud en crypto. Onze lijn: geen advies in crypto, wel uitleg over risico's. Zie de kennisbank. #beleggen #compliance",
        ),
        (
            "en",
            "Interesting paper on factor investing and climate risk. Happy to present a summary on {day} at {time}. #esg",
        ),
        (
            "nl",
            "Vergeet de jaarlijkse herbeoordeling van klantprofielen niet: deadline {day}. {m} stuurt de lijst. #compliance",
        ),
        (
            "nl",
            "Rentevisie kort: we verwachten dat de lange rente dit jaar licht daalt. Details in het maandbericht. #rente",
        ),
        (
            "en",
            "The new portfolio dashboard is live for the team. {m} built it in two sprints. Impressive! #data",
        ),
        (
            "nl",
            "Wie wil meedenken over een beleggingsproduct voor jongeren met weinig startkapitaal? {m} en ik starten een werkgroep. #innovatie",
        ),
        (
            "nl",
            "Pensioenakkoord en beleggen: klanten vragen wat het voor hun eigen pensioen betekent. Q&A volgt. #pensioen",
        ),
    ],
    "klantvragen": [
        (
            "nl",
            "Klant vraagt of hij zijn hypotheek kan meenemen bij verhuizing. Wat is ons standaardantwoord? #klantvraag #hypotheek",
        ),
        (
            "nl",
            "Veel vragen vandaag over de nieuwe app-inlog. Tip: laat klanten eerst de app bijwerken naar versie 4.{n}. #klantvraag",
        ),
        (
            "nl",
            "Een klant wil zijn beleggingsrekening opheffen na een overlijden. Welke documenten hebben we nodig? #klantvraag",
        ),
        (
            "nl",
            "Kennisbankartikel 'Rente middelen' is herschreven. Duidelijker en korter. Dank {m}! #kennisdeling",
        ),
        (
            "nl",
            "Wachttijd aan de telefoon vandaag gemiddeld {n} seconden. Dank aan iedereen die extra diensten draaide!",
        ),
        (
            "nl",
            "Vraag over phishing: een klant kreeg een sms 'namens Zuiderhaven' met een link. Wat zeggen we? #fraude #security",
        ),
        (
            "nl",
            "Hoe leggen jullie boeterente uit zonder dat het klinkt als een verwijt? Ik zoek goede zinnen. #klantvraag",
        ),
        (
            "nl",
            "Top 5 klantvragen deze week: 1. rente 2. app-inlog 3. jaaropgave 4. aflossen 5. verhuizen. #klantvraag",
        ),
        (
            "en",
            "An English-speaking client asked about the annual statement for her Dutch tax return. Do we have an English version? #klantvraag",
        ),
        (
            "nl",
            "Wie weet of een klant zijn extra aflossing kan terugdraaien? Klant heeft per ongeluk {n} euro te veel overgemaakt. #klantvraag",
        ),
        (
            "nl",
            "De jaaropgaven zijn vanaf {day} beschikbaar in de app. Verwacht veel vragen! #klantvraag",
        ),
        (
            "nl",
            "Chatbot-vraag van de week: 'Kan ik mijn huis verduurzamen met een extra hypotheek?' Antwoord staat nu in de kennisbank. #duurzaam",
        ),
        (
            "nl",
            "Compliment van een klant voor {m}: 'eindelijk iemand die het in gewone taal uitlegt'. #kudos",
        ),
    ],
    "compliance": [
        (
            "nl",
            "Herinnering: uiterlijk {day} moet iedereen de jaarlijkse integriteitsverklaring hebben getekend. #compliance",
        ),
        (
            "nl",
            "Nieuw: de AFM publiceerde een leidraad over duidelijke kosteninformatie. Samenvatting volgt van {m}. #compliance",
        ),
        (
            "nl",
            "Deel nooit klantgegevens via WhatsApp of privémail. Ook niet 'even snel'. Gebruik de beveiligde mail. #privacy #compliance",
        ),
        (
            "nl",
            "De Wwft-training is vernieuwd: {n} minuten, met echte casussen. Wie haalt de hoogste score? #compliance",
        ),
        (
            "en",
            "Reminder: a gift or invitation above 50 euros must be registered. When in doubt, ask us before accepting. #compliance",
        ),
        (
            "nl",
            "DNB komt in {day} langs voor een thema-onderzoek naar uitbesteding. Dossiers graag op orde. #compliance",
        ),
        (
            "nl",
            "Vraag van de week: mag ik op LinkedIn vertellen dat we een grote klant binnenhaalden? Antwoord: nee, niet zonder toestemming van de klant en Communicatie. #socialmedia #compliance",
        ),
        (
            "nl",
            "Datalek gemeld? Binnen 72 uur moet de Autoriteit Persoonsgegevens het weten. Meld dus direct bij {m}. #privacy",
        ),
        (
            "en",
            "DORA is coming: the new EU rules on digital operational resilience. IT and Risk are mapping our critical suppliers. #compliance #security",
        ),
    ],
    "it": [
        (
            "nl",
            "Storing: het hypotheekportaal is traag sinds {time}. We onderzoeken het. Update volgt binnen een uur. #storing",
        ),
        (
            "nl",
            "Opgelost: de trage inlog van vanochtend kwam door een verlopen certificaat. Excuses voor het ongemak. #storing",
        ),
        (
            "nl",
            "Gepland onderhoud {day} tussen 22:00 en 02:00: de klant-app is dan niet beschikbaar. #release",
        ),
        (
            "nl",
            "Release 4.{n} van de app staat live: nieuw is het overzicht van je hypotheekdelen. Dank aan het team van {m}! #release",
        ),
        (
            "nl",
            "Phishingtest van deze maand: {n}% klikte op de link. Beter dan vorige keer, maar het kan nog beter. #security #fraude",
        ),
        (
            "en",
            "Tip: use the password manager for shared team accounts. Never put passwords in a Teams chat. #security",
        ),
        (
            "nl",
            "Nieuwe laptops voor {place} komen {day}. Breng je oude mee naar de servicedesk. #it",
        ),
        (
            "nl",
            "Storing bij de telefonie in {place}: klanten horen een bezettoon. Provider is ingeschakeld. #storing",
        ),
        (
            "nl",
            "Update: de telefonie werkt weer. Oorzaak was een fout bij de provider. #storing",
        ),
        (
            "en",
            "We moved the document archive to the new cloud environment this weekend. {n} TB, zero data loss. Thanks {m}! #cloud",
        ),
        (
            "nl",
            "Wist je dat? Met Ctrl+K zoek je in Plein direct naar collega's, groepen en berichten.",
        ),
        (
            "nl",
            "Let op: mails met de onderwerpregel 'Uw factuur staat klaar' zijn phishing. Niet klikken, doorsturen naar de servicedesk. #security",
        ),
        (
            "en",
            "Incident review of last week's outage is published in the wiki. Short version: a failed database migration, rolled back in {n} minutes. #storing",
        ),
    ],
    "duurzaam": [
        (
            "nl",
            "Vanaf volgende maand rijden alle leaseauto's elektrisch. Laadpalen in {place} worden uitgebreid. #duurzaam",
        ),
        (
            "nl",
            "Groene hypotheek: al {n} klanten gebruikten dit jaar de verduurzamingsregeling. #duurzaam #hypotheek",
        ),
        (
            "nl",
            "Idee: geen plastic bekers meer bij de koffieautomaat in {place}. Wie doet mee? #duurzaam",
        ),
        (
            "en",
            "Our ESG screening now covers {n}% of all funds we offer. Next step: engagement reports. #esg #duurzaam",
        ),
        (
            "nl",
            "Fietsersdag: wie fietst {day} naar kantoor? Ontbijt voor iedereen die op de fiets komt! #duurzaam",
        ),
        (
            "nl",
            "De zonnepanelen op het kantoor in Eindhoven leverden dit jaar {n} MWh op. #duurzaam",
        ),
    ],
    "ai": [
        (
            "nl",
            "Mogen we ChatGPT gebruiken voor klantmails? Kort antwoord: niet met klantgegevens. Lang antwoord volgt in het AI-beleid. #ai #privacy",
        ),
        (
            "en",
            "Pilot update: the AI summary of call notes saves advisers about {n} minutes per call. Compliance is reviewing. #ai",
        ),
        (
            "nl",
            "Wie wil meedoen aan de pilot met AI in de kennisbank? We zoeken {n} testers van Klantenservice. #ai",
        ),
        (
            "en",
            "Reading tip: the EU AI Act in plain language. What does 'high risk' mean for credit scoring? #ai #compliance",
        ),
        (
            "nl",
            "Demo van onze AI-assistent voor acceptanten op {day} om {time}. {m} laat zien hoe het werkt. #ai #hypotheek",
        ),
        (
            "nl",
            "Les uit de pilot: AI helpt vooral bij samenvatten, minder bij beslissen. De mens blijft verantwoordelijk. #ai",
        ),
        (
            "en",
            "Hackathon idea board is open! Last year's winner became the new complaint-routing tool. #innovatie #ai",
        ),
    ],
    "vacatures": [
        (
            "nl",
            "Vacature: hypotheekadviseur in {place} (32-40 uur). Ken je iemand? Een geslaagde doorverwijzing levert een bonus op. #vacature",
        ),
        (
            "nl",
            "We zoeken een data engineer voor het team van {m}. Python, SQL en zin in financiële data. #vacature",
        ),
        (
            "nl",
            "Intern: vacature teamleider Klantenservice in Eindhoven. Solliciteren kan tot {day}. #vacature",
        ),
        (
            "en",
            "We're hiring a cloud engineer (English-speaking team, Eindhoven). Referrals welcome! #vacature",
        ),
        (
            "nl",
            "Goede kandidaat gesproken voor wie we nu geen plek hebben. Iemand in een ander team die een analist zoekt? #vacature",
        ),
        (
            "nl",
            "Traineeship start in september: {n} plekken. Deel de vacature gerust in je eigen netwerk. #vacature",
        ),
        (
            "nl",
            "Onze vacatures staan nu ook op LinkedIn. Delen mag, maar gebruik de officiële link. #vacature #socialmedia",
        ),
    ],
    "leidinggevenden": [
        (
            "nl",
            "Concept van het nieuwe thuiswerkbeleid staat klaar. Graag jullie reactie vóór {day}. #thuiswerken",
        ),
        (
            "nl",
            "Ziekteverzuim is dit kwartaal gestegen naar {n}%. Bespreek het in je teamoverleg; P&O denkt mee.",
        ),
        (
            "nl",
            "Voorbereiding #townhall: welke vragen horen jullie in je team? Verzamel ze hier.",
        ),
        (
            "nl",
            "Herinnering: de beoordelingsgesprekken moeten vóór {day} zijn vastgelegd.",
        ),
    ],
    "socialmedia": [
        (
            "nl",
            "Versie {n} van de richtlijnen sociale media staat klaar voor review. Belangrijkste wijziging: een aparte paragraaf over vertrouwelijke informatie. #richtlijnen",
        ),
        (
            "nl",
            "Voorstel: een korte quiz over de richtlijnen, zodat we weten of collega's ze echt kennen. #socialmedia",
        ),
        (
            "nl",
            "Een collega deelde per ongeluk een screenshot met klantnamen op LinkedIn. Goed opgepakt, maar een mooi voorbeeld voor de training. #socialmedia #privacy",
        ),
        (
            "en",
            "Benchmark: other banks ask employees to say they speak for themselves, not for the bank. Shall we add that line? #richtlijnen",
        ),
    ],
    "noordster": [
        (
            "nl",
            "Due diligence fase 2 is gestart. Datakamer open tot {day}. Niets downloaden naar lokale schijven.",
        ),
        (
            "nl",
            "Concept-term sheet besproken met de adviseurs. Volgende stuurgroep {day} om {time}.",
        ),
        (
            "nl",
            "Reminder: Noordster is strikt vertrouwelijk. Ook niet bespreken in de lift of de kantine.",
        ),
        (
            "nl",
            "Eerste analyse van de hypotheekportefeuille van de doelwitpartij: {n}% met energielabel C of slechter.",
        ),
    ],
    "hardlopen": [
        (
            "nl",
            "{day} om {time} lopen we een rondje van {n} km vanaf het kantoor in {place}. Iedereen welkom!",
        ),
        (
            "en",
            "Signed up for the Dam tot Damloop with {n} colleagues so far. Join us! {m}, you in?",
        ),
        (
            "nl",
            "Nieuwe persoonlijke record op de 10 km. Bedankt voor het tempo maken, {m}!",
        ),
    ],
}

# Longer Markdown articles: (place, language, author e-mail local part, title, body).
ARTICLES = [
    (
        "iedereen",
        "nl",
        "moderator",
        "Onze richtlijnen voor sociale media",
        """Sociale media zijn niet meer weg te denken, ook niet bij Zuiderhaven. Deze richtlijnen helpen je om ze **slim en veilig** te gebruiken.

## De vijf uitgangspunten

1. **Wees open over wie je bent.** Vertel dat je bij Zuiderhaven werkt als je over ons of onze sector schrijft.
2. **Ken onze kernwaarden.** Betrouwbaar, dichtbij en duurzaam: daar sta je ook online voor.
3. **Denk na voordat je post.** Wat online staat, blijft online.
4. **Ken de feiten en noem je bronnen.** Geen geruchten over rente of klanten.
5. **Ga zorgvuldig om met vertrouwelijke informatie.** Klantgegevens, cijfers en plannen blijven binnen.

## Mag ik dit delen?

- Een vacature via de officiële link: **ja**. #vacature
- Een foto van de kantoortuin waar een scherm met klantgegevens op staat: **nee**.
- Je mening over de woningmarkt, als jezelf: **ja**, met de zin "ik spreek voor mezelf".

Twijfel je? Vraag het in de groep Werkgroep Sociale Media of aan @frank.deboer van Compliance. Lees ook [de volledige richtlijn](https://intranet.zuiderhaven.example/richtlijnen/sociale-media).

#socialmedia #richtlijnen #compliance""",
    ),
    (
        "hypotheken",
        "nl",
        "daan.brouwer",
        "Leennormen volgend jaar: wat verandert er?",
        """Het Nibud-advies is overgenomen. Hieronder de belangrijkste wijzigingen voor onze adviespraktijk.

## Wat wordt anders

- **Studieschuld** telt minder zwaar mee: we rekenen met de werkelijke maandlast in plaats van een vast percentage.
- **Energielabel**: extra leenruimte voor zeer zuinige woningen blijft bestaan.
- **Tweeverdieners**: het tweede inkomen telt voor een groter deel mee.

## Wat betekent dit voor jou?

1. Herbereken lopende aanvragen die nog niet bindend zijn.
2. Informeer klanten met een studieschuld proactief.
3. Gebruik de nieuwe rekentool (staat vanaf {day} in het adviesportaal).

Vragen? Stel ze hieronder of in het vakoverleg. @sanne.smit en @willem.vandijk organiseren een kennissessie.

#hypotheek #kennisdeling""",
    ),
    (
        "it",
        "en",
        "rajesh.iyer",
        "Phishing is getting smarter. Here's how to spot it",
        """Last month our filters stopped **{n},000** phishing mails. A few still got through. Here is what to look for.

## Red flags

- A sense of urgency: *"your account will be blocked today"*.
- A sender address that is *almost* right: `zuiderhaven-support.example.com`.
- Links whose text and target differ: hover before you click.
- Requests to approve a login you did not start.

## What to do

1. Do not click, do not reply.
2. Use the **Report phishing** button in Outlook.
3. Clicked anyway? Call the service desk right away. No blame, speed matters.

Thanks to everyone who reported suspicious mail this quarter. You are our best firewall.

#security #fraude""",
    ),
    (
        "compliance",
        "nl",
        "frank.deboer",
        "Compliance in 5 minuten: geschenken, uitnodigingen en belangenconflicten",
        """Het is weer de tijd van kerstpakketten en uitnodigingen. Een korte opfrisser.

## De regels

| Wat | Mag dat? |
|---|---|
| Geschenk tot 50 euro | Ja, wel melden |
| Geschenk boven 50 euro | Alleen na toestemming van Compliance |
| Diner met een leverancier tijdens een aanbesteding | Nee |

## Waarom zo streng?

Als financiële instelling moeten we **elke schijn van belangenverstrengeling** vermijden. De AFM en DNB kijken mee, en klanten rekenen erop.

Meld geschenken via het formulier op het intranet. Vragen? Reageer hieronder of mail @iris.vos.

#compliance""",
    ),
    (
        "iedereen",
        "nl",
        "marianne.vanderlinden",
        "Terugblik op de town hall: onze koers voor de komende jaren",
        """Dank aan iedereen die erbij was, in Amsterdam of via de stream. Voor wie het miste, de kern:

## Drie prioriteiten

1. **Klant centraal**: we halveren de wachttijd bij Klantenservice en maken de app de beste van de markt.
2. **Duurzaam**: in vijf jaar wil onze hypotheekportefeuille gemiddeld label B halen.
3. **Samenwerken**: minder mail, meer Plein. Deel kennis in de open groepen.

## Jullie vragen

De meest gestelde vraag ging over thuiswerken. Het beleid blijft: twee dagen op kantoor, de rest in overleg met je team.

Ik ben trots op wat we samen doen. Blijf vragen stellen, hier of bij mij op de koffie.

#townhall""",
    ),
    (
        "duurzaam",
        "nl",
        "emma.peters",
        "Zo beoordelen we fondsen op duurzaamheid",
        """Steeds meer klanten vragen: *is mijn geld duurzaam belegd?* Zo pakken wij dat aan.

## Onze ESG-screening

- **Uitsluiten**: geen wapens, tabak of steenkool.
- **Beoordelen**: een score op milieu, sociaal en bestuur.
- **Aangaan**: we spreken bedrijven aan via onze fondsbeheerders.

Meer weten? De volledige methode staat in de [kennisbank](https://intranet.zuiderhaven.example/kennisbank/esg). @priya.sharma en ik geven op {day} een lunchsessie.

#duurzaam #esg #beleggen""",
    ),
    (
        "ai",
        "en",
        "julia.evers",
        "What we learned from three months of AI pilots",
        """Three pilots, {n} participants, a lot of lessons. A summary.

## What worked

- **Summarising call notes**: advisers saved time and the notes got better.
- **Drafting knowledge base articles**: a good first draft, always checked by a human.

## What did not

- Answering client questions directly: too risky, too often confidently wrong.
- Anything with client data in a public tool: *not allowed*, full stop.

## Next steps

1. Compliance and @olga.nowak finish the AI policy.
2. We pick one pilot to scale up.
3. Everyone gets a short training on responsible AI use.

#ai #innovatie #privacy""",
    ),
    (
        "klantvragen",
        "nl",
        "stijn.kuipers",
        "Kennisbank: zo schrijf je een goed antwoord",
        """Een goed kennisbankartikel scheelt tientallen telefoontjes. Vijf tips:

1. **Begin met het antwoord**, daarna de uitleg.
2. Schrijf in **gewone taal**: "boeterente" liever dan "vergoeding wegens vervroegde aflossing".
3. Eén vraag per artikel.
4. Noem de bron (beleid, voorwaarden) met een link.
5. Zet er een datum bij en een eigenaar.

Voorbeeld: het artikel over [rente middelen](https://intranet.zuiderhaven.example/kennisbank/rente-middelen). Dank @anna voor het herschrijven!

#kennisdeling #klantvraag""",
    ),
    (
        "vacatures",
        "nl",
        "roos.timmermans",
        "Doorverwijzen: zo werkt het",
        """Ken je iemand die bij Zuiderhaven past? Zo verwijs je door:

- Deel de vacature via de **officiële link**.
- Vraag de kandidaat om **toestemming** voordat je gegevens doorstuurt.
- Meld de doorverwijzing bij @bas.hermans of mij.

Wordt je kandidaat aangenomen en blijft hij of zij zes maanden? Dan ontvang je een bonus van 1.000 euro bruto.

#vacature""",
    ),
    (
        "noordster",
        "nl",
        "eva.claassen",
        "Project Noordster: planning en spelregels",
        """Welkom in de projectgroep. Dit is **strikt vertrouwelijk**.

## Spelregels

- Niets delen buiten deze groep, ook niet met je eigen team.
- Documenten alleen in de datakamer.
- Bij twijfel: bel mij of @margriet.hoekstra.

## Planning

1. Due diligence: tot {day}
2. Bindend bod: na goedkeuring RvC
3. Aankondiging: alleen via Communicatie, na de melding aan de toezichthouder

Dank voor jullie discretie.""",
    ),
]

COMMENTS = {
    "nl": [
        "Goed punt! Dit ga ik meteen doorsturen naar mijn team.",
        "Dank voor het delen, {m}, precies wat ik zocht.",
        "Zet je dit ook in de kennisbank?",
        "Helder uitgelegd. Mag ik dit gebruiken in ons teamoverleg?",
        "Wij zien hetzelfde in {place}. Laten we even bellen.",
        "Top! 👏",
        "Ik had er laatst precies zo'n vraag over van een klant.",
        "Volgens mij is {m} hier de expert, toch?",
        "Staat er al een datum voor de kennissessie?",
        "Mooi resultaat, goed gedaan!",
        "Dit scheelt ons echt veel mail. Dank je!",
        "Klopt, maar let op de uitzondering voor bestaande klanten.",
        "Ik doe mee!",
        "Is hier ook een Engelse versie van voor onze internationale collega's?",
        "Goede vraag. Ik zoek het voor je uit en kom er vóór {day} op terug.",
        "Herkenbaar. Bij ons duurt het gemiddeld {n} dagen.",
        "Wat een mooi compliment, verdiend!",
        "Kunnen we dit meenemen in de volgende #townhall?",
    ],
    "en": [
        "Thanks for sharing, very useful.",
        "Great work, {m}!",
        "Is there a Dutch version for the client letter?",
        "Count me in.",
        "Good point. We see the same in {place}.",
        "Could you add this to the knowledge base?",
        "Helpful summary, thanks!",
        "Let's discuss this on {day}.",
    ],
}

REPLIES = {
    "nl": [
        "Dank je! Staat er inmiddels in.",
        "Ja hoor, ga je gang.",
        "Goed idee, ik pak het op.",
        "Klopt, dat had ik moeten vermelden.",
        "Ik stuur je de details even via Plein.",
        "Zeker, {m} weet er meer van.",
    ],
    "en": [
        "Thanks! Added it.",
        "Sure, go ahead.",
        "Good idea, I'll take it from here.",
        "Yes, {m} knows more about it.",
    ],
}

HASHTAG_FOLLOWS = {
    "hypotheken": ["hypotheek", "rente", "woningmarkt"],
    "beleggen": ["beleggen", "esg", "rente"],
    "klantenservice": ["klantvraag", "storing"],
    "risk": ["compliance", "privacy"],
    "it": ["storing", "security", "ai"],
    "po": ["vacature"],
    "communicatie": ["socialmedia", "townhall"],
    "directie": ["townhall", "duurzaam"],
}

WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"]
TIMES = ["09:00", "10:30", "12:00", "12:30", "15:00", "16:00", "17:30"]
