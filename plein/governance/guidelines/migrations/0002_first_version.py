"""Version 1 of the social-media guidelines and the awareness quiz.

Written for a bank's staff: be yourself, keep client data and confidential
matters out, treat each other with respect. Admins publish later versions in
the admin; this one exists so a new installation starts with guidelines.
"""

from django.db import migrations
from django.utils import timezone

TITLE_NL = "Richtlijnen voor sociale media"
TITLE_EN = "Social-media guidelines"

BODY_NL = """\
Plein is ons eigen sociale netwerk: de plek om kennis te delen, vragen te stellen en \
elkaar te leren kennen. Deze richtlijnen gelden hier, en net zo goed op LinkedIn, X, \
Facebook en andere openbare kanalen waar je als medewerker van de bank zichtbaar bent. \
Ze zijn kort, omdat het meeste gewoon gezond verstand is.

## 1. Wees jezelf

- Post onder je eigen naam en wees open over wie je bent en wat je rol is.
- Spreek voor jezelf. Zeg het erbij als je iets persoonlijk vindt: „dit is mijn mening, \
niet die van de bank”. Alleen wie daar de opdracht voor heeft, spreekt namens de bank.
- Onderbouw wat je beweert met feiten en noem je bron.

## 2. Klantgegevens horen hier niet

- Deel nooit gegevens van klanten: geen namen, rekeningnummers (IBAN), \
klantnummers, saldo's, adressen, burgerservicenummers of schermafdrukken van systemen.
- Ook niet „geanonimiseerd” als de klant er toch uit te herleiden is, en ook niet in \
een besloten groep of een privébericht.
- Heb je een klantvraag voor een collega? Gebruik de systemen die daarvoor bedoeld zijn.

## 3. Vertrouwelijk blijft binnen

- Koersgevoelige informatie, cijfers die nog niet gepubliceerd zijn, plannen, \
reorganisaties, contracten en beveiligingsdetails deel je niet, ook niet in een grapje.
- Wat op Plein staat is intern. Kopieer het niet naar openbare kanalen zonder toestemming \
van de schrijver en van Communicatie.
- Twijfel je? Dan niet posten, en vraag het eerst aan je leidinggevende of Compliance.

## 4. Respect

- Gedraag je online zoals je dat op kantoor zou doen: de hele organisatie luistert mee.
- Geen discriminatie, intimidatie, pesten of persoonlijke aanvallen. Kritiek mag, op de \
inhoud en met respect.
- Post geen foto's of gegevens van collega's zonder hun toestemming.

## 5. Denk na voordat je post

- Wat je schrijft blijft bestaan en kan verder worden gedeeld dan je bedoelt.
- Respecteer auteursrecht: deel een link in plaats van een volledig artikel.
- Reageer niet op berichten van journalisten of toezichthouders; verwijs ze naar \
Communicatie.

## Als het misgaat

Deelde je per ongeluk iets wat hier niet hoort, haal het dan meteen weg en meld het bij \
je leidinggevende of Compliance. Zie je iets wat niet klopt, meld het bericht dan bij de \
moderators. Wie de richtlijnen bewust overtreedt, kan te maken krijgen met maatregelen \
volgens de gedragscode.
"""

BODY_EN = """\
Plein is our own social network: the place to share knowledge, ask questions and get to \
know each other. These guidelines apply here, and just as much on LinkedIn, X, Facebook \
and other public channels where you can be seen as someone who works at the bank. \
They are short, because most of it is common sense.

## 1. Be yourself

- Post under your own name and be open about who you are and what your role is.
- Speak for yourself. Say so when something is your personal view: "this is my opinion, \
not the bank's". Only those who have been asked to do so speak on behalf of the bank.
- Back up what you claim with facts and name your source.

## 2. Client data does not belong here

- Never share client data: no names, account numbers (IBAN), client numbers, balances, \
addresses, citizen service numbers or screenshots of our systems.
- Not even "anonymised" when the client can still be recognised, and not in a closed \
group or a private message either.
- Need a colleague's help with a client question? Use the systems meant for that.

## 3. Confidential stays internal

- Price-sensitive information, unpublished figures, plans, reorganisations, contracts \
and security details are not shared, not even as a joke.
- What is on Plein is internal. Do not copy it to public channels without the consent of \
the author and of Communications.
- In doubt? Then do not post, and ask your manager or Compliance first.

## 4. Respect

- Behave online as you would in the office: the whole organisation is listening.
- No discrimination, harassment, bullying or personal attacks. Criticism is welcome, \
about the matter and with respect.
- Do not post photos or details of colleagues without their consent.

## 5. Think before you post

- What you write stays, and can be shared further than you intend.
- Respect copyright: share a link rather than a whole article.
- Do not respond to journalists or supervisors who contact you through social media; \
refer them to Communications.

## When something goes wrong

If you shared something by mistake that does not belong here, remove it at once and tell \
your manager or Compliance. If you see something that is not right, report the post to \
the moderators. Knowingly breaking these guidelines can lead to measures under the code \
of conduct.
"""

QUESTIONS = [
    {
        "text_nl": "Mag je het IBAN van een klant in een post zetten, bijvoorbeeld om "
        "een collega te vragen een betaling na te kijken?",
        "text_en": "May you put a client's IBAN in a post, for instance to ask a "
        "colleague to check a payment?",
        "choices_nl": "Ja, als de groep besloten is\nNee, nooit\n"
        "Ja, als ik de naam van de klant weglaat",
        "choices_en": "Yes, if the group is closed\nNo, never\n"
        "Yes, if I leave out the client's name",
        "correct_choice": 2,
        "explanation_nl": "Klantgegevens horen nooit op Plein, ook niet in een "
        "besloten groep en ook niet zonder naam: een rekeningnummer is zelf al "
        "een persoonsgegeven. Gebruik de systemen die voor klantvragen bedoeld zijn.",
        "explanation_en": "Client data never belongs on Plein, not in a closed "
        "group and not without a name either: an account number is personal data "
        "in itself. Use the systems meant for client questions.",
    },
    {
        "text_nl": "Je team heeft de kwartaalcijfers al gezien, maar ze zijn nog niet "
        "gepubliceerd. Mag je er een hint over geven op LinkedIn?",
        "text_en": "Your team has seen the quarterly figures, but they have not been "
        "published yet. May you drop a hint about them on LinkedIn?",
        "choices_nl": "Nee, vertrouwelijke informatie blijft binnen\n"
        "Ja, een hint is geen informatie\nAlleen als ik geen bedragen noem",
        "choices_en": "No, confidential information stays internal\n"
        "Yes, a hint is not information\nOnly if I mention no amounts",
        "correct_choice": 1,
        "explanation_nl": "Niet-gepubliceerde cijfers zijn koersgevoelig. Ook een "
        "hint kan genoeg zijn om de markt of klanten te beïnvloeden.",
        "explanation_en": "Unpublished figures are price-sensitive. Even a hint can "
        "be enough to move the market or influence clients.",
    },
    {
        "text_nl": "Je schrijft op LinkedIn over je vakgebied. Wat doe je?",
        "text_en": "You write about your field on LinkedIn. What do you do?",
        "choices_nl": "Ik schrijf alsof ik de bank vertegenwoordig\n"
        "Ik blijf anoniem, dan kan niemand het mij aanrekenen\n"
        "Ik schrijf onder mijn eigen naam en maak duidelijk dat het mijn eigen mening is",
        "choices_en": "I write as if I represent the bank\n"
        "I stay anonymous, so nobody can hold it against me\n"
        "I write under my own name and make clear it is my own opinion",
        "correct_choice": 3,
        "explanation_nl": "Wees jezelf: open over wie je bent, en duidelijk dat je "
        "voor jezelf spreekt. Alleen wie daar de opdracht voor heeft, spreekt "
        "namens de bank.",
        "explanation_en": "Be yourself: open about who you are, and clear that you "
        "speak for yourself. Only those who have been asked to speak on behalf of "
        "the bank do so.",
    },
    {
        "text_nl": "Een collega plaatst een kwetsende opmerking over een andere "
        "collega. Wat doe je?",
        "text_en": "A colleague posts a hurtful remark about another colleague. "
        "What do you do?",
        "choices_nl": "Ik reageer even fel terug\nIk meld het bericht bij de "
        "moderators\nIk deel een schermafdruk op een openbaar kanaal",
        "choices_en": "I reply just as sharply\nI report the post to the "
        "moderators\nI share a screenshot on a public channel",
        "correct_choice": 2,
        "explanation_nl": "Respect geldt voor iedereen. Meld het bericht, dan kijkt "
        "een moderator ernaar; wat intern is, blijft intern.",
        "explanation_en": "Respect applies to everyone. Report the post and a "
        "moderator will look at it; what is internal stays internal.",
    },
    {
        "text_nl": "Je hebt per ongeluk een schermafdruk met klantgegevens gepost. "
        "Wat doe je?",
        "text_en": "You posted a screenshot with client data by mistake. What do "
        "you do?",
        "choices_nl": "Niets, het valt vast niemand op\nIk haal het meteen weg en "
        "meld het bij mijn leidinggevende of Compliance\nIk wacht tot iemand "
        "erover begint",
        "choices_en": "Nothing, surely nobody will notice\nI remove it at once and "
        "tell my manager or Compliance\nI wait until someone mentions it",
        "correct_choice": 2,
        "explanation_nl": "Snel handelen beperkt de schade. Een melding is geen "
        "schuldbekentenis: de bank moet een datalek soms binnen 72 uur melden.",
        "explanation_en": "Acting quickly limits the damage. Reporting it is not an "
        "admission of guilt: the bank sometimes has to report a data breach "
        "within 72 hours.",
    },
]


def publish_first_version(apps, schema_editor):
    GuidelinesVersion = apps.get_model("guidelines", "GuidelinesVersion")
    QuizQuestion = apps.get_model("guidelines", "QuizQuestion")
    if not GuidelinesVersion.objects.exists():
        GuidelinesVersion.objects.create(
            number=1,
            title_nl=TITLE_NL,
            title_en=TITLE_EN,
            body_nl=BODY_NL,
            body_en=BODY_EN,
            is_material=True,
            quiz_required=False,
            published_at=timezone.now(),
        )
    if not QuizQuestion.objects.exists():
        for position, question in enumerate(QUESTIONS, start=1):
            QuizQuestion.objects.create(position=position, **question)


def remove_first_version(apps, schema_editor):
    GuidelinesVersion = apps.get_model("guidelines", "GuidelinesVersion")
    GuidelinesVersion.objects.filter(number=1, acceptances__isnull=True).delete()
    apps.get_model("guidelines", "QuizQuestion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("guidelines", "0001_initial")]

    operations = [migrations.RunPython(publish_first_version, remove_first_version)]
