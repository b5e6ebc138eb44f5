"""Fixed word lists for the demo data set: suppliers, networks, venues, event titles (bokmål)."""

from __future__ import annotations

SUPPLIERS = (
    ("Fjordbygg AS", "buildings"),
    ("Nordlys Tre AS", "buildings"),
    ("Grønn Grunn Entreprenør AS", "buildings"),
    ("Massivtre Vest AS", "buildings"),
    ("Utslippsfri Maskin AS", "buildings"),
    ("Bærekraftig Betong AS", "buildings"),
    ("Solcelle Nord AS", "buildings"),
    ("Energiråd Innlandet AS", "buildings"),
    ("Rehab Partner AS", "buildings"),
    ("Modulhus Norge AS", "buildings"),
    ("Trygg Hjemme AS", "welfare_technology"),
    ("Omsorgsteknikk AS", "welfare_technology"),
    ("Digital Tilsyn Norge AS", "welfare_technology"),
    ("Medisinrobot AS", "welfare_technology"),
    ("Sensorhjem AS", "welfare_technology"),
    ("Velferdsbro AS", "welfare_technology"),
    ("Alarmsentral Midt AS", "welfare_technology"),
    ("Hjelpemiddelhuset AS", "welfare_technology"),
    ("Aktiv Rehab Teknologi AS", "welfare_technology"),
    ("Kognitiv Omsorg AS", "welfare_technology"),
    ("Skyportalen AS", "digital_solutions"),
    ("Kommunedata Vest AS", "digital_solutions"),
    ("Saksflyt AS", "digital_solutions"),
    ("Datadeling Nord AS", "digital_solutions"),
    ("Innbyggerdialog AS", "digital_solutions"),
    ("Sikker Sky AS", "digital_solutions"),
    ("Arkivløsninger AS", "digital_solutions"),
    ("Kart og Analyse AS", "digital_solutions"),
    ("Chatbot Norge AS", "digital_solutions"),
    ("Åpen Plattform AS", "digital_solutions"),
    ("Smartby Løsninger AS", "digital_solutions"),
    ("Læringsverktøy AS", "digital_solutions"),
    ("Innovasjonshuset Rådgivning AS", "buildings"),
    ("Anskaffelsespartner AS", "digital_solutions"),
    ("Helseintegrasjon AS", "welfare_technology"),
    ("Byggdata AS", "buildings"),
)

#: Networks: (slug, name, theme slug, description)
NETWORKS = (
    (
        "bygg",
        "Nettverk for bygg og anlegg",
        "buildings",
        "Kommuner som vil bygge smartere, grønnere og rimeligere. Vi deler erfaringer med "
        "klimakrav, utslippsfrie byggeplasser, ombruk og samspillskontrakter, og møter "
        "leverandørmarkedet tidlig.",
    ),
    (
        "velferdsteknologi",
        "Nettverk for velferdsteknologi",
        "welfare_technology",
        "For kommuner som innfører trygghetsskapende teknologi, digitalt tilsyn, "
        "medisineringsstøtte og responssentertjenester. Vi deler kravspesifikasjoner, "
        "gevinstrealisering og erfaringer med felles anskaffelser.",
    ),
    (
        "digitale-losninger",
        "Nettverk for digitale løsninger",
        "digital_solutions",
        "Kommuner som anskaffer skytjenester, fagsystemer og innbyggertjenester. Temaer er "
        "informasjonssikkerhet, datadeling, exit-strategier og hvordan dialog med markedet "
        "gir bedre løsninger.",
    ),
)

#: Venues for regional events: (city, address, county number)
VENUES = (
    ("Bodø", "Stormen kulturhus, Torvgata 1, 8006 Bodø", "18"),
    ("Tromsø", "Kulturhuset, Grønnegata 87, 9008 Tromsø", "55"),
    ("Trondheim", "Trondheim Spektrum, Klostergata 90, 7030 Trondheim", "50"),
    ("Bergen", "Grieghallen, Edvard Griegs plass 1, 5015 Bergen", "46"),
    ("Stavanger", "Stavanger Forum, Gunnar Warebergs gate 13, 4021 Stavanger", "11"),
    ("Kristiansand", "Kilden teater- og konserthus, Sjølystveien 2, 4610 Kristiansand", "42"),
    ("Hamar", "Hamar kulturhus, Vangsvegen 2, 2317 Hamar", "34"),
    ("Ålesund", "Parken kulturhus, Kongens gate 2, 6002 Ålesund", "15"),
    ("Lillestrøm", "Nova Spektrum, Messeveien 8, 2004 Lillestrøm", "32"),
    ("Skien", "Ibsenhuset, Kulturhusbakken 1, 3724 Skien", "40"),
    ("Alta", "Alta kulturhus, Markveien 17, 9510 Alta", "56"),
    ("Fredrikstad", "Fredrikstad kulturhus, Nygaardsgata 12, 1607 Fredrikstad", "31"),
    ("Drammen", "Union Scene, Grønland 60, 3045 Drammen", "33"),
    ("Tønsberg", "Oseberg kulturhus, Ole Bulls gate 2, 3126 Tønsberg", "39"),
)

#: National venues (Oslo) for network meetings held in person
OSLO_VENUES = (
    "KS-huset, Haakon VIIs gate 9, 0161 Oslo",
    "Næringslivets Hus, Middelthuns gate 27, 0368 Oslo",
)

#: Network meeting topics per theme: (title, description)
NETWORK_TOPICS = {
    "buildings": (
        (
            "Klimakrav i byggeprosjekter",
            "Hvordan stiller vi klimakrav som faktisk gir lavere utslipp? Tre kommuner deler "
            "kravene de brukte, og hva markedet svarte.",
        ),
        (
            "Utslippsfrie byggeplasser",
            "Status for utslippsfrie bygge- og anleggsplasser: maskinparken, strømtilgang og "
            "erfaringer fra pilotprosjekter.",
        ),
        (
            "Ombruk av byggematerialer",
            "Fra kartlegging til kontrakt: hvordan legge til rette for ombruk i rehabilitering "
            "og nybygg.",
        ),
        (
            "Samspillskontrakter i praksis",
            "Erfaringer med tidligfaseinvolvering av entreprenør, og hva små kommuner bør tenke "
            "på.",
        ),
        (
            "Energieffektivisering av kommunale bygg",
            "Energisparekontrakter, solceller på tak og hvordan måle gevinstene.",
        ),
    ),
    "welfare_technology": (
        (
            "Digitalt tilsyn om natten",
            "Kommuner som har tatt i bruk digitalt tilsyn deler erfaringer med "
            "personvernvurderinger, opplæring og gevinster.",
        ),
        (
            "Medisineringsstøtte hjemme",
            "Elektroniske medisindispensere: behovsvurdering, anskaffelse og drift.",
        ),
        (
            "Responssentertjenester",
            "Felles responssenter for flere kommuner: organisering, avtaler og krav til "
            "leverandøren.",
        ),
        (
            "Gevinstrealisering i velferdsteknologi",
            "Hvordan dokumenterer vi gevinster, og hvordan bygger vi det inn i kontrakten?",
        ),
        (
            "Overgang til digitale trygghetsalarmer",
            "Fra analog til digital plattform: krav til integrasjon og reservesystemer.",
        ),
    ),
    "digital_solutions": (
        (
            "Skytjenester og informasjonssikkerhet",
            "Risikovurdering, databehandleravtaler og hvordan vi stiller krav til skyleverandører.",
        ),
        (
            "Exit-strategier for fagsystemer",
            "Hvordan unngå innlåsing: dataformater, eksport og overgangsperioder i kontrakten.",
        ),
        (
            "Datadeling mellom kommuner",
            "Felles løsninger for deling av data, og hva det krever av anskaffelsen.",
        ),
        (
            "Innbyggertjenester med chatbot",
            "Erfaringer med digitale assistenter i kommunene, og hva vi lærte av markedsdialogen.",
        ),
        (
            "Kunstig intelligens i saksbehandling",
            "Muligheter, risiko og krav vi bør stille når KI kommer inn i fagsystemene.",
        ),
    ),
}

MEETING_PLACE_TOPICS = (
    (
        "Møteplass {city}: innovative anskaffelser i kommunene",
        "En dag der kommuner i regionen møter leverandører. Leverandører presenterer løsninger, "
        "kommunene forteller om behovene sine, og vi avslutter med speed-dating.",
    ),
    (
        "Møteplass {city}: leverandørdialog om grønne løsninger",
        "Regional møteplass om klima og miljø i anskaffelser, med korte presentasjoner fra "
        "leverandører og erfaringer fra kommuner i fylket.",
    ),
    (
        "Møteplass {city}: velferdsteknologi og digitalisering",
        "Leverandører viser frem løsninger for helse, omsorg og digital forvaltning. Kommuner "
        "i regionen deler planene sine for de neste årene.",
    ),
)

MARKET_DIALOGUES = (
    (
        "Markedsdialog: utslippsfrie anleggsmaskiner",
        "buildings",
        "Vi vil høre fra leverandører før konkurransen: hvilke utslippsfrie maskiner finnes, og "
        "hvilke krav er realistiske fra 2026?",
    ),
    (
        "Markedsdialog: digitalt tilsyn i sykehjem",
        "welfare_technology",
        "Åpen dialogkonferanse før en felles anskaffelse for flere kommuner. Leverandører får "
        "presentere og gi innspill til behovsbeskrivelsen.",
    ),
    (
        "Markedsdialog: felles innbyggerportal",
        "digital_solutions",
        "Kommunene beskriver behovet for en felles innbyggerportal; leverandører gir innspill "
        "på løsningsrom og kontraktsform.",
    ),
    (
        "Markedsdialog: ombruk i rehabilitering av skolebygg",
        "buildings",
        "Hvordan kan markedet levere ombrukte materialer i stor skala? Innspill til en "
        "kommende anskaffelse.",
    ),
    (
        "Markedsdialog: medisinrobot i hjemmetjenesten",
        "welfare_technology",
        "Dialog med leverandører om medisineringsstøtte, integrasjon med journalsystem og "
        "opplæring.",
    ),
)

WEBINARS = (
    (
        "Webinar: Slik bruker du innovasjonspartnerskap",
        "En time om prosedyren innovasjonspartnerskap: når passer den, og hvordan går man frem?",
    ),
    (
        "Webinar: Behovsavklaring før anskaffelsen",
        "Verktøy og metoder for å kartlegge behov sammen med brukerne, før kravspesifikasjonen "
        "skrives.",
    ),
    (
        "Webinar: Klimakrav som virker",
        "Hvordan vekte klima og miljø i konkurransen, med eksempler fra kommuner.",
    ),
    (
        "Webinar: Dialogkonferanse på en time",
        "Praktiske råd om å planlegge og gjennomføre markedsdialog, også for små kommuner.",
    ),
    (
        "Webinar: Små kommuner, store anskaffelser",
        "Hvordan små kommuner kan samarbeide om anskaffelser og få bedre løsninger.",
    ),
    (
        "Webinar: Gevinstrealisering etter kontraktsinngåelse",
        "Hvordan følge opp kontrakten slik at gevinstene faktisk tas ut.",
    ),
    (
        "Webinar: Nytt regelverk for offentlige anskaffelser",
        "Gjennomgang av endringene i anskaffelsesregelverket og hva de betyr for kommunene.",
    ),
    (
        "Webinar: KI i offentlige anskaffelser",
        "Hva bør kommunene vite om kunstig intelligens før de kjøper løsninger som bruker det?",
    ),
)

SOLUTIONS = {
    "buildings": (
        "Modulbygg i massivtre",
        "Utslippsfri gravemaskin",
        "Digital ombrukskartlegging",
        "Solcelletak for skolebygg",
        "Energistyring for formålsbygg",
    ),
    "welfare_technology": (
        "Digitalt nattilsyn med sensorer",
        "Medisindispenser med varsling",
        "Mobil trygghetsalarm",
        "Videokonsultasjon i hjemmet",
        "Fallsensor med responssenter",
    ),
    "digital_solutions": (
        "Sikker skylagring for kommuner",
        "Chatbot for innbyggerdialog",
        "Kartløsning for arealplaner",
        "Plattform for datadeling",
        "Digital saksbehandling med KI-støtte",
    ),
}
