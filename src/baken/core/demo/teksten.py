"""Dutch free text for the demo signals, written the way a municipal employee would.

The facts are built from a domain-specific opening plus one sentence per chosen indicator,
so the text always matches the indicators that were ticked. Placeholders:
{wie}/{Wie} (e.g. "een vrouw van rond de 25 jaar"), {zij}/{Zij} (hij/zij), {haar}/{Haar}
(zijn/haar), {hem} (hem/haar), {kern}, {gemeente}, {straat}, {bedrijf}, {sector}, {aantal},
{datum}, {tijd}, {afkomst} (e.g. "Poolse").
"""

import random
from datetime import date

DAGEN = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]

AFKOMST = {
    "NL": "Nederlandse",
    "PL": "Poolse",
    "RO": "Roemeense",
    "BG": "Bulgaarse",
    "HU": "Hongaarse",
    "CZ": "Tsjechische",
    "SK": "Slowaakse",
    "PT": "Portugese",
    "TR": "Turkse",
    "UA": "Oekraïense",
    "NG": "Nigeriaanse",
    "VN": "Vietnamese",
}


def datum_tekst(dag: date) -> str:
    return f"{DAGEN[dag.weekday()]} {dag.day} {MAANDEN[dag.month - 1]}"


# --- How the employee came across it, per domain ---------------------------------------------

AANLEIDING: dict[str, list[str]] = {
    "burgerzaken": [
        "Op {datum} kwam {wie} aan de balie van burgerzaken om zich in te schrijven op een adres "
        "in {kern}.",
        "Bij een adresonderzoek in de BRP viel een adres aan de {straat} in {kern} op.",
        "Op {datum} kwam {wie} samen met een begeleider een identiteitskaart aanvragen.",
        "Bij de eerste inschrijving van {wie} ({afkomst}) kwam een man mee die alles regelde.",
    ],
    "klantcontact": [
        "Op {datum} stond {wie} aan de balie van het gemeentehuis met een vraag over "
        "een brief van de gemeente.",
        "Bij het Klantcontactcentrum belde op {datum} een man namens {wie}.",
        "Aan de balie in {kern} vroeg {wie} om hulp bij het invullen van formulieren.",
    ],
    "vergunningen": [
        "Bij de beoordeling van een aanvraag voor een exploitatievergunning van {bedrijf} "
        "vielen een paar dingen op.",
        "Tijdens het Bibob-onderzoek naar {bedrijf} in {kern} kwamen vragen op over de "
        "exploitant en het personeel.",
        "Bij een controle op de vergunning van {bedrijf} op {datum} spraken wij het personeel.",
    ],
    "toezicht_handhaving": [
        "Tijdens een controle door boa's op {datum} bij {bedrijf} aan de {straat} in {kern} "
        "spraken wij {wie}.",
        "Na klachten van buren over overlast deden wij op {datum} een controle bij een woning "
        "aan de {straat} in {kern}.",
        "Bij een integrale controle op een bedrijventerrein in {kern} troffen wij op {datum} "
        "{wie} aan.",
        "Tijdens de avondsurveillance op {datum} zagen wij rond {tijd} een busje bij een "
        "pand aan de {straat} stoppen.",
    ],
    "huisvesting": [
        "Na een melding over woonoverlast bezochten wij op {datum} een woning aan de {straat} "
        "in {kern}.",
        "Bij een controle op de huisvesting van arbeidsmigranten in {kern} spraken wij "
        "op {datum} {wie}.",
        "Een verhuurder vroeg een omzettingsvergunning aan voor een pand aan de {straat}; bij "
        "het bezoek op {datum} viel het volgende op.",
    ],
    "prostitutietoezicht": [
        "Bij een controlebezoek aan een vergunde seksinrichting in {kern} op {datum} spraken "
        "wij {wie}.",
        "Bij het natrekken van advertenties op een sekswerksite vonden wij een advertentie met "
        "een adres in {kern}.",
        "Tijdens een intakegesprek voor een exploitatievergunning als zelfstandig sekswerker "
        "kwam {wie} met een begeleider.",
    ],
    "werk_inkomen": [
        "In een gesprek over een bijstandsuitkering op {datum} vertelde {wie} over het "
        "vorige werk.",
        "Bij een heronderzoek naar de uitkering van {wie} kwam het volgende naar voren.",
        "Tijdens een re-integratiegesprek op {datum} vertelde {wie} over werk bij {bedrijf}.",
    ],
    "schuldhulp": [
        "Tijdens een intakegesprek bij schuldhulpverlening op {datum} vertelde {wie} over "
        "schulden die niet goed te verklaren zijn.",
        "Bij het opstellen van een budgetplan voor {wie} vielen bankafschriften op.",
    ],
    "wijkteam": [
        "Bij een huisbezoek door het wijkteam op {datum} in {kern} spraken wij {wie}.",
        "De moeder van {wie} vroeg het wijkteam om hulp omdat zij zich zorgen maakt.",
        "Tijdens een Wmo-keukentafelgesprek op {datum} viel mij iets op bij {wie}.",
        "Via een buurtbewoner kwam het wijkteam in contact met {wie}.",
    ],
    "leerplicht": [
        "Na herhaald ongeoorloofd verzuim had ik op {datum} een gesprek met {wie}.",
        "De mentor van school meldde zorgen over {wie}; daarna sprak ik met de leerling.",
        "Bij een huisbezoek in verband met schoolverzuim op {datum} trof ik {wie} aan.",
    ],
    "veiligheid_oov": [
        "Na meldingen van overlast rond een woning aan de {straat} in {kern} zijn wij op "
        "{datum} gaan kijken.",
        "In het overleg met de wijkagent op {datum} kwam een adres aan de {straat} ter sprake.",
        "Bij een sluiting op grond van de Opiumwet in {kern} kwamen wij {wie} tegen.",
    ],
    "overig": [
        "Op {datum} kwam ik via mijn werk in contact met {wie}.",
    ],
}

# --- One observation per indicator -------------------------------------------------------------

INDICATOR_ZIN: dict[str, str | dict[str, str]] = {
    "ARB-01": "{Zij} vertelde zes of zeven dagen per week te werken, vaak twaalf uur of meer.",
    "ARB-02": "{Zij} krijgt naar eigen zeggen veel minder betaald dan was afgesproken, soms weken "
    "te laat.",
    "ARB-03": {
        "arbeid": "{Zij} had {haar} paspoort niet bij zich; volgens {hem} 'bewaart' de werkgever "
        "het.",
        "seksueel": "{Zij} had {haar} paspoort niet bij zich; de 'vriend' bewaart het.",
        "crimineel": "{Zij} heeft {haar} identiteitsbewijs niet zelf; een 'vriend' heeft het.",
    },
    "ARB-04": {
        "arbeid": "In het land van herkomst is {hem} goed betaald werk met woonruimte beloofd; "
        "hier bleek alles anders.",
        "seksueel": "{Zij} is naar Nederland gehaald met de belofte van werk in de horeca; dat "
        "werk bleek er niet te zijn.",
    },
    "ARB-05": {
        "arbeid": "{Zij} zegt een schuld van een paar duizend euro te hebben bij het uitzendbureau "
        "voor reis, bemiddeling en huur.",
        "seksueel": "{Zij} zegt duizenden euro's schuld te hebben voor reis en kamer, die {zij} "
        "moet 'terugverdienen'.",
        "crimineel": "{Zij} zegt geld schuldig te zijn aan mensen die {hem} 'geholpen' hebben.",
    },
    "ARB-06": {
        "arbeid": "De bankpas van {haar} rekening is in handen van de bemiddelaar, die ook de "
        "pincode kent.",
        "crimineel": "Een 'vriend' heeft {haar} bankpas en pincode en gebruikt de rekening.",
    },
    "ARB-07": "De huur wordt ingehouden op het loon; als {zij} stopt met werken moet {zij} direct "
    "de woning uit.",
    "ARB-08": {
        "arbeid": "Op het adres staan {aantal} mensen ingeschreven; het is een gewone "
        "eengezinswoning.",
        "seksueel": "Op het adres staan {aantal} mensen ingeschreven, vooral jonge vrouwen die er "
        "kort blijven.",
    },
    "ARB-09": "{Zij} werkt zonder beschermende kleding met schoonmaakmiddelen en had wonden aan de "
    "handen.",
    "ARB-10": {
        "arbeid": "{Zij} vertelde dat de voorman dreigt met ontslag en 'boetes' als iemand klaagt.",
        "seksueel": "{Zij} vertelde dat {zij} wordt bedreigd als {zij} niet genoeg verdient.",
        "crimineel": "{Zij} wordt bedreigd als {zij} niet doet wat de 'oudere jongens' zeggen.",
    },
    "ARB-11": "{Zij} wordt contant betaald en heeft geen loonstrook of arbeidscontract.",
    "ARB-12": {
        "arbeid": "Op de vraag waar {zij} werkt, kon {zij} geen adres noemen.",
        "seksueel": "{Zij} wist niet op welk adres {zij} verblijft.",
    },
    "ARB-13": {
        "arbeid": "{Zij} wordt elke ochtend met een busje opgehaald en 's avonds teruggebracht; "
        "alleen de deur uit gaan mag niet.",
        "seksueel": "{Zij} wordt steeds door dezelfde man gebracht en gehaald en mag niet alleen "
        "weg.",
    },
    "ARB-14": "{Zij} spreekt geen Nederlands of Engels; een begeleider vertaalde alles en voerde "
    "het woord.",
    "ARB-15": "In de werkruimte lagen matrassen en stond een kookplaat; er wordt daar geslapen.",
    "ARB-16": "{Zij} kwam een paar weken geleden naar Nederland via een bemiddelaar die reis, "
    "werk en woning regelde.",
    "SEK-01": "{Zij} moet volgens eigen zeggen het grootste deel van het geld afstaan aan een "
    "'vriend'.",
    "SEK-02": "{Zij} zegt dag en nacht beschikbaar te moeten zijn voor klanten.",
    "SEK-03": "Iemand anders plaatst de advertenties, regelt de kamer en brengt {hem} naar "
    "afspraken.",
    "SEK-04": "In de advertentie worden onveilige diensten aangeboden, 24 uur per dag.",
    "SEK-05": "De foto's in de advertentie lijken van een minderjarige; de leeftijd die erbij "
    "staat klopt niet met het uiterlijk.",
    "SEK-06": "{Zij} heeft sinds kort een veel oudere 'vriend' die bepaalt met wie {zij} omgaat.",
    "SEK-07": "{Zij} moet altijd de telefoon opnemen en wordt bij school of werk opgewacht door "
    "een man in een auto.",
    "SEK-08": "{Zij} verblijft steeds op andere plekken: een hotel, een vakantiepark, een woning.",
    "SEK-09": "{Zij} wist niet welke tarieven en afspraken er gelden; 'dat regelt de baas'.",
    "SEK-10": "Er zijn aanwijzingen voor prostitutie zonder vergunning in een woning: veel "
    "wisselende bezoekers, ook 's nachts.",
    "CRI-01": "{Zij} vertelde onder druk drugs te vervoeren en te verkopen voor 'oudere jongens'.",
    "CRI-02": "{Zij} zegt een 'schuld' te hebben die {zij} met klusjes moet afbetalen, omdat er "
    "'iets kwijt' is geraakt.",
    "CRI-03": "Op naam van {hem} staan meerdere telefoonabonnementen, een lening en twee auto's "
    "die {zij} zelf niet gebruikt.",
    "CRI-04": "{Zij} heeft ineens dure kleding, een nieuwe telefoon en contant geld, zonder "
    "verklaring.",
    "CRI-05": "{Zij} verzuimt steeds vaker, trekt zich terug van familie en is geheimzinnig over "
    "nieuwe contacten.",
    "CRI-06": "{Zij} zag er uitgeput en vermagerd uit en had wisselende stemmingen.",
    "CRI-07": "{Zij} heeft een licht verstandelijke beperking en schulden; 'nieuwe vrienden' "
    "regelen {haar} geld en woning.",
    "CRI-08": "In de woning verblijven steeds anderen; de huurder lijkt er zelf weinig te zeggen "
    "te hebben.",
    "CRI-09": "Een ander haalt de uitkering op en geeft {hem} er een klein deel van.",
    "ORG-01": "{Zij} heeft een groot litteken op de zij na een reis naar het buitenland, maar wil "
    "niet zeggen wat er is gebeurd.",
    "ORG-02": "{Zij} vertelde dat een kennis een 'medische reis' aanbood om een schuld mee af te "
    "lossen.",
    "ALG-01": "Een begeleider voerde het hele gesprek en hield {haar} identiteitsbewijs vast.",
    "ALG-02": "Er zijn de afgelopen maanden veel in- en uitschrijvingen op dit adres geweest.",
    "ALG-03": "De verblijfsstatus is onduidelijk; volgens {hem} hangt die af van de werkgever "
    "of partner.",
    "ALG-04": "{Zij} heeft pijnklachten, maar mag van de begeleider niet naar de huisarts.",
    "ALG-05": "{Zij} leek bang voor de gemeente en de politie; het verhaal klonk ingestudeerd.",
    "ALG-06": "De minderjarige was niet met ouders, maar met een volwassene die geen familie "
    "lijkt te zijn.",
    "CTX-01": "Het bedrijf werft zelf personeel in het buitenland, huisvest het en betaalt "
    "contant.",
    "CTX-02": "De eigenaar op papier lijkt een stroman; een ander lijkt de zaak te runnen.",
    "CTX-03": "Buurtbewoners zien 's nachts en vroeg in de ochtend busjes met werknemers af en aan "
    "rijden.",
    "CTX-04": "Er zijn aanwijzingen dat er in het bedrijfspand wordt gewoond: was aan de lijn, "
    "matrassen, licht tot laat.",
    "CTX-05": "De verhuurder heeft meerdere panden in {gemeente} waar steeds wisselende "
    "arbeidsmigranten wonen.",
}

# --- Circumstances, per form ---------------------------------------------------------------------

OMSTANDIGHEDEN: dict[str, list[str]] = {
    "arbeid": [
        "Het gaat om werk in {sector}. De woonruimte is via de werkgever geregeld.",
        "Het gesprek duurde ongeveer twintig minuten. De begeleider bleef steeds in de buurt.",
        "Volgens buren wonen er vooral arbeidsmigranten op het adres, die vaak wisselen.",
        "Het was vroeg in de ochtend; er stonden meerdere mensen te wachten op vervoer.",
        "{Zij} werkt via {bedrijf}; het contract was niet in een taal die {zij} begrijpt.",
    ],
    "seksueel": [
        "De advertentie staat sinds enkele weken online en wisselt steeds van stad.",
        "{Zij} leek erg jong en was zenuwachtig. De telefoon ging tijdens het gesprek steeds over.",
        "Het adres is een gewone woning in een woonwijk; buren zien veel wisselende bezoekers.",
        "{Zij} woont pas kort in {kern} en kent hier verder niemand.",
        "Een man wachtte buiten in een auto tot het gesprek klaar was.",
    ],
    "crimineel": [
        "{Zij} woont bij een ouder; er is al hulp vanuit het wijkteam.",
        "Op school zijn de cijfers de laatste maanden hard achteruitgegaan.",
        "Rond de woning hangen 's avonds vaak jongeren die niet in de buurt wonen.",
        "{Zij} is de laatste tijd een paar keer een nacht weggebleven.",
        "{Zij} heeft financiële problemen en een klein netwerk.",
    ],
    "orgaan": [
        "{Zij} is kort geleden teruggekomen van een reis van enkele weken.",
        "{Zij} heeft grote schulden bij mensen uit de eigen gemeenschap.",
    ],
    "onbekend": [
        "Het gesprek was kort; ik kon niet goed doorvragen.",
        "Het is niet duidelijk wie de begeleider is en hoe {zij} {hem} kent.",
        "Het adres is eerder opgevallen bij collega's, maar er is nooit iets gemeld.",
    ],
}

# --- Own interpretation ------------------------------------------------------------------------

INTERPRETATIE: dict[str, list[str]] = {
    "arbeid": [
        "Ik denk dat {zij} afhankelijk is van de werkgever voor werk, woning en geld, en daardoor "
        "niet weg kan.",
        "Het voelt niet goed. Het lijkt alsof {zij} niet vrij is om te praten.",
        "Ik vermoed arbeidsuitbuiting, maar weet niet hoe ernstig het is.",
        "Misschien gaat het om slecht werkgeverschap, misschien om meer. Graag een weging.",
    ],
    "seksueel": [
        "Ik heb het gevoel dat {zij} onder controle staat van iemand anders.",
        "Het kan zijn dat {zij} zelfstandig werkt, maar de signalen wijzen op dwang.",
        "Ik vermoed dat {zij} door een 'vriend' wordt uitgebuit (loverboy-methode).",
    ],
    "crimineel": [
        "Ik maak me zorgen dat {zij} wordt ingezet door een criminele groep.",
        "Het lijkt erop dat {zij} onder druk wordt gezet om dingen te doen die {zij} niet wil.",
        "Ik denk dat 'vrienden' misbruik maken van {haar} kwetsbaarheid.",
    ],
    "orgaan": [
        "Ik weet niet wat hier speelt, maar het verhaal rond de reis klopt niet.",
    ],
    "onbekend": [
        "Ik kan niet zeggen wat er precies speelt, maar ik heb een niet-pluisgevoel.",
        "Er klopt iets niet, maar ik weet niet wat. Ik meld het zodat de AF het kan wegen.",
    ],
}

# --- Source ---------------------------------------------------------------------------------------

BRON: dict[str, list[str]] = {
    "burgerzaken": [
        "Eigen waarneming aan de balie op {datum}, samen met een collega.",
        "BRP-gegevens en eigen waarneming bij de inschrijving.",
    ],
    "klantcontact": [
        "Eigen waarneming tijdens het gesprek aan de balie.",
        "Telefoongesprek met het Klantcontactcentrum; notitie in het contactsysteem.",
    ],
    "vergunningen": [
        "Aanvraagdossier en eigen waarneming bij het bezoek ter plaatse.",
        "Bibob-vragenlijst en openbare bronnen (KvK-uittreksel).",
    ],
    "toezicht_handhaving": [
        "Eigen waarneming tijdens de controle, samen met een collega-boa.",
        "Buurtbewoners en eigen waarneming ter plaatse.",
    ],
    "huisvesting": [
        "Eigen waarneming tijdens het huisbezoek; gegevens uit de BRP.",
        "Melding van een buurtbewoner; daarna zelf ter plaatse gekeken.",
    ],
    "prostitutietoezicht": [
        "Eigen waarneming tijdens het controlebezoek.",
        "Advertentie op een sekswerksite (schermafdruk in het dossier), daarna gebeld.",
    ],
    "werk_inkomen": [
        "Verteld door de klant zelf tijdens het gesprek.",
        "Gesprek met de klant en gegevens uit het uitkeringsdossier.",
    ],
    "schuldhulp": [
        "Verteld door de klant zelf; bankafschriften in het dossier.",
    ],
    "wijkteam": [
        "Verteld door de betrokkene zelf tijdens het huisbezoek.",
        "Informatie van de moeder; daarna zelf gesproken met de jongere.",
        "Eigen waarneming; ook gezien door een collega van het wijkteam.",
    ],
    "leerplicht": [
        "Gesprek met de leerling en informatie van de mentor.",
        "Verzuimregistratie van school en eigen gesprek.",
    ],
    "veiligheid_oov": [
        "Informatie van de wijkagent en buurtbewoners.",
        "Overlastmeldingen en eigen waarneming ter plaatse.",
    ],
    "overig": ["Eigen waarneming."],
}

PLAATS: dict[str, list[str]] = {
    "burgerzaken": ["Balie burgerzaken, gemeentehuis {gemeente}"],
    "klantcontact": ["Balie gemeentehuis {gemeente}", "Telefonisch (KCC)"],
    "vergunningen": ["{straat}, {kern}", "Gemeentehuis {gemeente}"],
    "toezicht_handhaving": ["{straat}, {kern}", "Bedrijventerrein {kern}"],
    "huisvesting": ["{straat}, {kern}"],
    "prostitutietoezicht": ["{kern}", "Online advertentie, adres in {kern}"],
    "werk_inkomen": ["Werkplein {gemeente}"],
    "schuldhulp": ["Gemeentehuis {gemeente}"],
    "wijkteam": ["Woning in {kern}", "Wijkteamkantoor {kern}"],
    "leerplicht": ["School in {kern}", "Woning in {kern}"],
    "veiligheid_oov": ["{straat}, {kern}"],
    "overig": ["{kern}"],
}

ACUUT_ZIN = (
    "Omdat {zij} in direct gevaar leek, heb ik meteen 112 gebeld. De politie was er binnen "
    "twintig minuten."
)

# --- The AF's and partners' words ---------------------------------------------------------------

MOTIVATIE: dict[str, list[str]] = {
    "doorzetten": [
        "De combinatie van signalen ({dimensies}) is te zwaar om zelf op te pakken. "
        "Signaalsterkte {sterkte}. Doorzetten naar {partners}.",
        "Meerdere sterke signalen, afkomstig uit een eigen waarneming. Er is hulp nodig voor de "
        "betrokkene en onderzoek naar de werkgever. Doorzetten naar {partners}.",
        "Na navraag bij de melder en een BRP-check blijft het beeld zorgelijk ({dimensies}). "
        "Doorzetten naar {partners}.",
    ],
    "intern_oppakken": [
        "Vooral signalen over het pand en de huisvesting. Eerst een integrale controle door "
        "handhaving en een check op het verhuurderschap; daarna opnieuw bekijken.",
        "Bestuurlijke aanpak past hier het best: Bibob-toets en controle op de vergunning.",
        "Samen met team wonen en handhaving het adres controleren op overbewoning.",
    ],
    "monitoren": [
        "Te weinig concrete aanwijzingen om door te zetten. Adres en betrokkenen drie maanden "
        "in de gaten houden; nieuwe signalen koppelen.",
        "Signaalsterkte {sterkte}. Melder gevraagd alert te blijven; na drie maanden opnieuw "
        "bekijken.",
        "Eén zwak signaal. Monitoren via wijkteam en wijkagent.",
    ],
    "geen_actie": [
        "Na navraag bij de melder en het raadplegen van de BRP geen aanwijzingen voor "
        "uitbuiting. Wel gewezen op de mogelijkheid om opnieuw te melden.",
        "Het gaat om een arbeidsconflict zonder signalen van dwang. Verwezen naar het Juridisch "
        "Loket. Geen actie vanuit de meldroute.",
        "Situatie is na een huisbezoek duidelijk en verklaarbaar. Afsluiten.",
    ],
}

TERUGKOPPELING: dict[str, list[str]] = {
    "ontvangst": [
        "Dank voor uw melding. De aandachtsfunctionaris bekijkt het signaal en laat u weten wat "
        "ermee gebeurt.",
        "Uw melding is goed aangekomen. Ik neem contact op als ik vragen heb.",
    ],
    "doorzetten": [
        "Dank voor uw melding. Wij hebben het signaal gewogen en doorgezet naar een ketenpartner "
        "die het verder oppakt. Wat zij doen kunnen wij niet met u delen. Ziet u nieuwe "
        "signalen, meld die dan ook.",
        "Uw melding is serieus genomen en doorgezet. U hoeft zelf niets te doen. Blijf alert.",
    ],
    "intern_oppakken": [
        "Dank voor uw melding. De gemeente pakt dit zelf op, samen met andere afdelingen. Wij "
        "laten u weten wanneer het is afgerond.",
    ],
    "monitoren": [
        "Dank voor uw melding. Er is nu te weinig om verder te gaan, maar wij houden de "
        "situatie in de gaten. Ziet u meer, meld het dan opnieuw.",
    ],
    "geen_actie": [
        "Dank voor uw melding. Na onderzoek zien wij geen aanwijzingen voor mensenhandel. Wij "
        "sluiten het signaal af. Goed dat u alert was!",
    ],
    "afsluiten": [
        "De opvolging van uw melding is afgerond. Dank voor uw alertheid.",
        "Wij hebben uw melding afgesloten. De situatie is opgepakt door de juiste partijen.",
    ],
}

AFSLUITREDEN: dict[str, list[str]] = {
    "doorgezet": [
        "Doorzettingen afgehandeld; geen verdere actie van de gemeente nodig.",
        "Ketenpartner heeft de zaak overgenomen; afgesloten in de meldroute.",
    ],
    "intern_opgepakt": [
        "Controle uitgevoerd en overbewoning beëindigd; signaal afgesloten.",
        "Bibob-toets afgerond, vergunning onder voorwaarden; afgesloten.",
    ],
    "monitoren": [
        "Geen nieuwe signalen in de monitorperiode; afgesloten.",
        "Betrokkene is verhuisd naar een andere gemeente; afgesloten.",
    ],
}

HEROPENREDEN = [
    "Nieuw signaal over hetzelfde adres ontvangen van de wijkagent.",
    "De melder laat weten dat de situatie opnieuw is ontstaan.",
    "Nieuwe informatie van een ketenpartner over de werkgever.",
]

NOTITIE = [
    "Gebeld met de melder voor aanvullende informatie. Melder bevestigt het beeld.",
    "BRP geraadpleegd: op het adres staan {aantal} personen ingeschreven.",
    "Navraag bij team handhaving: over dit adres loopt al een dossier over overbewoning.",
    "Afgestemd met de wijkagent; het adres is bij de politie bekend.",
    "KvK-uittreksel opgevraagd: bedrijf is minder dan een jaar geleden opgericht.",
    "Besproken in het interne overleg mensenhandel.",
]

PARTNERBERICHT: dict[str, list[str]] = {
    "ontvangen": ["Ontvangen; we nemen het in behandeling.", "Ontvangen, wordt deze week bekeken."],
    "geaccepteerd": [
        "We pakken dit op. De contactpersoon is bekend bij de aandachtsfunctionaris.",
        "Geaccepteerd; we plannen een gesprek met de betrokkene.",
    ],
    "afgerond": [
        "Afgerond: betrokkene heeft hulp gekregen en is in begeleiding.",
        "Afgerond: ons onderzoek is afgesloten. Dank voor de goede informatie.",
    ],
    "afgewezen": [
        "Onvoldoende aanknopingspunten voor onderzoek; wij hebben het signaal geregistreerd.",
        "Valt niet binnen onze taak. Advies: doorzetten naar de Arbeidsinspectie.",
        "Betrokkene wil geen hulp; wij kunnen nu niets doen.",
    ],
    "ingetrokken": [
        "Betrokkene is naar het buitenland vertrokken; doorzetting niet meer nodig.",
        "Per abuis doorgezet; ingetrokken.",
    ],
}

ZORGCOORDINATOR_BERICHT = {
    "geaccepteerd": "Intake gepland met de betrokkene; tijdelijke opvang wordt geregeld.",
    "afgerond": "Betrokkene is geplaatst in de opvang en heeft een vaste begeleider.",
}

TOESTEMMING = [
    "Schriftelijke toestemming van de betrokkene (ouder dan 16) getekend op {datum}; "
    "opgeslagen in het zaaksysteem.",
    "Betrokkene heeft het toestemmingsformulier ondertekend in bijzijn van de "
    "zorgcoördinator; origineel in het dossier.",
]


def indicator_zin(code: str, vorm: str) -> str:
    """The observation for an indicator, in the words that fit the form of exploitation."""
    zin = INDICATOR_ZIN[code]
    if isinstance(zin, str):
        return zin
    return zin.get(vorm) or next(iter(zin.values()))


def kies(rng: random.Random, opties: list[str]) -> str:
    return rng.choice(opties)
