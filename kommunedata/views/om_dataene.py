"""Om dataene: the programme, the sources with their licences, the indicators and which are real, how the
comparisons are made, the mergers, and the accessibility statement."""

from __future__ import annotations

import pandas as pd

from kommunedata.indicators import coverage_of
from kommunedata.text import EXAMPLE_LABEL, POLARITY_LABELS, REAL_LABEL, md
from kommunedata.views.common import ProgrammeOrigin, Table

PROGRAMME = """
*Livskraftige kommuner* var et samarbeidsprogram mellom KS og Miljøverndepartementet fra 2006 til 2010.
Målet var å utnytte det lokalpolitiske handlingsrommet systematisk og kreativt, og gi større kraft til det
lokale arbeidet med miljø og samfunnsutvikling. Opptil 200 kommuner skulle lære i nettverk av 4–7 kommuner:
i sammenligning med de andre i nettverket, og med seg selv over tid.

Hvert nettverk valgte minst to av seks tema: klima og energi; viktige arealpolitiske hensyn; livskvalitet,
friluftsliv og folkehelse; samarbeid med lokalsamfunn i Sør og Øst; framtidsrettet produksjon og forbruk /
miljøbasert næringsutvikling; og kulturarven som grunnlag for nærings- og samfunnsutvikling.

**Status 28. august 2007** (KS, FNF-samlingen på Granavolden): om lag 128 + 40 kommuner hadde gjort, eller var
i ferd med å gjøre, politiske vedtak. 20 nettverk var etablert og 14 under etablering. Av de 20 etablerte
arbeidet 10 med klima og energi, 10 med viktige arealpolitiske hensyn, 16 med livskvalitet, friluftsliv og
folkehelse, 2 med internasjonalt samarbeid, 6 med framtidsrettet produksjon og forbruk og 9 med kulturarven.
Om lag 150 kommuner var med 1. januar 2008, og senere over 200 kommuner i 40 nettverk, de fleste med klima og
energi. Grønne energikommuner (2007–2010) hadde 21–22 kommuner; de fire første var Gran, Jevnaker, Lunner og Lier.
"""

INDICATORS = (
    'Indikatorer merket **Eksempeldata** er generert av Livskraft for det Livskraft ikke har åpne tall per '
    'kommune for (energibruk, nye boliger i sentrum, internasjonalt samarbeid, avfall, kulturminnevern og '
    'tilskudd, og en generert klimagassindikator for hele landet). De er plausible, men **ikke reelle**, og er '
    'merket slik overalt i Livskraft. Reelle tall står først i listene. Filene med reelle tall leses inn av '
    'bygget med samme kode som `python -m kommunedata import`, som også tar SSBs statistikkbank (CSV eller '
    'JSON-stat), Excel (også pivotbuffere og registeruttrekk) og vanlige CSV-filer.'
)

FARMLAND = (
    '**Omdisponert jord** (SSB KOSTRA 2005–2019, sammenstilt av Statsforvalteren i Oslo og Viken) finnes for '
    'kommunene i de gamle fylkene Østfold, Akershus, Oslo, Buskerud, Vestfold, Telemark, Hedmark og Oppland. '
    'De reelle tallene har erstattet eksempeltallene: **en kommune utenfor disse fylkene har ingen tall** for '
    'omdisponert jord, og det vises aldri et eksempeltall ved siden av de reelle. Et år uten oppføring for en '
    'kommune er vist som manglende, ikke som 0; 0 dekar står bare der kilden selv fører 0, og SSBs «.» er ikke '
    'et tall. **Kulturminner** (Riksantikvarens Askeladden, 2022) og **elektrisitetsforbruk** (SSB 14490, '
    '2020–2025) gjelder de 17 kommunene i Telemark. Antall kulturminner og forbruk i GWh vokser med kommunens '
    'størrelse og industri, og vurderes ikke (nøytrale).'
)

BORDERS = (
    '**Bebygd areal og kommunegrensene:** SSBs tall følger hvert års egne kommunegrenser. Livskraft viser '
    'bare år der kommunen hadde samme grenser som i dag: der en kommune ble delt (Tysfjord, Snillfjord; '
    'Haram ut av Ålesund) eller fikk en grensejustering som flytter 2 % eller mer av arealet, er årene '
    'før endringen utelatt; mindre justeringer er vist, men merket som anslag. **Per innbygger** deles på '
    'folketallet 1. januar året etter (ved utgangen av året). Indikatorer med tall for bare én del av '
    'landet har ikke noe tall for hele landet, og et snitt vises bare når minst tre kommuner har tall.'
)

EXAMPLE_PROGRAMME = """
Det finnes ingen åpen liste over programmets nettverk og medlemmer. Livskraft lager derfor eksempelnettverk
med en fast tilfeldighetsgenerator ({seed}), slik at de blir like hver gang:

- 40 nettverk er oppkalt etter kjente regioner (Hallingdal, Valdres, Lister …) og vokser fra en kommune i
  regionen til nærmeste nabokommuner, helst i samme fylke. Hver kommune er med i høyst ett nettverk.
- 28.08.2007 stemmer tallene nøyaktig med KS' status: 128 kommuner med vedtak og 40 som forbereder vedtak,
  20 etablerte nettverk og 14 under etablering, og 10/10/16/2/6/9 etablerte nettverk per tema.
- Programmet vokser som kildene beskriver: 150 kommuner med vedtak 1.1.2008, og over 200 kommuner i 40
  nettverk ved utgangen av 2010, de fleste med klima og energi.
- Datoene for oppstart, etablering, innmelding og vedtak er trukket innenfor disse rammene.

Hvilke kommuner som er med i hvilket nettverk er altså **ikke reelt**.
"""

COMPARISONS = """
- **Nettverkssnittet** er et uvektet snitt av medlemmene som har tall. Medlemmene er de som var med på den
  valgte datoen (før nettverket startet: alle som meldte seg inn), og de samme kommunene teller i snittet for
  hvert år, på Nettverk, i Utvikling og på lysbildene. En kommune som i dag rommer to medlemmer, telles én gang.
- **Endring siden innmelding** regnes for hver kommune fra året den meldte seg inn i nettverket (eller det første
  året etter med tall) til året som vises. Er et år valgt under «Endring siden», gjelder det for alle. Endringen i
  en andel i prosent vises i prosentpoeng, aldri som prosent av en prosent.
- **Som snittet** betyr innenfor ±5 % av snittet, eller ±1 prosentpoeng for andeler i prosent. Bedre og svakere
  følger indikatorens retning (høyere eller lavere er bedre); nøytrale indikatorer vurderes ikke, og heller ikke
  antall og summer (som antall kulturminner eller tonn utslipp i alt), fordi de vokser med kommunens størrelse:
  de sammenlignes per innbygger. Fargen viser
  plassering mot snittet, ikke om et mål er nådd, og den står aldri alene: et symbol og et ord sier det samme.
- **Fylke og hele landet** beregnes fra 2024-kommunene: andeler og rater som snitt vektet med folkemengde,
  antall som summen fordelt per kommune. Der kilden har et eget tall for hele landet, brukes det.
- **Kommuner av samme størrelse**: uvektet snitt av kommunene med under 5 000, 5 000–19 999, 20 000–49 999 eller
  50 000 og flere innbyggere samme år.
- Et medlem som senere ble slått sammen med andre, vises med sitt gamle navn. For andeler og rater vises tallet
  for dagens kommune (merket med stjerne); for antall vises «–», fordi dagens kommunes sum ikke er medlemmets egen.
"""

MERGERS = """
Kommunestrukturen har endret seg mye siden 2006 (431 kommuner) til 2024 (357 kommuner). Alle tall vises på
2024-grenser: en kommunes tall går til etterfølgeren(e), summeres for antall og personer, og vektes med
folkemengde for andeler og tall per innbygger. Der en kommune ble delt (Snillfjord og Tysfjord i
2020), brukes FHIs faste vekter. Haram ble gjenopprettet i 2024 med de gamle grensene, så tallene for
Haram og Ålesund før 2020 er regnet fra de gamle kommunene; for 2020–2023, da de var én kommune, er fordelingen et anslag.
Nettverksmedlemskap vises med kommunen slik den var da den ble med.
"""

ACCESSIBILITY = """
Livskraft skal kunne brukes av alle i rommet, også med skjermleser, bare tastatur, presentasjonsklikker,
forstørrelse eller nedsatt fargesyn, og følger kravene i WCAG 2.1 nivå AA (forskrift om universell utforming
av IKT-løsninger) så langt det er mulig i Streamlit.

**Slik er det sjekket.** Alle sider kontrolleres med axe-core i Chromium ved hver endring (i testene som kjøres i
CI), både slik siden åpner og med et valg gjort: ingen brudd med alvorlighet «serious» eller «critical» er
tillatt. En test går gjennom Temastatus bare med Tab og Enter, velger et tema og leser de nye tallene. Sidene er
sett i 1024 × 768 punkter, som en projektor, uten at etiketter eller titler kuttes.

**Slik er det gjort.**
- Hvert diagram har en tekst som leses opp (hva det viser, største verdi og datoen), og en tabell med de
  samme tallene rett under. Kartet har en setning og en tabell.
- Farge står aldri alene: plassering mot snittet har symbol og ord (✓ bedre, ≈ som snittet, ✗ svakere),
  linjer skilles også med strektype, og kartets farger (Okabe–Ito, laget for fargeblinde) forklares i
  tabellen. Tekst har minst 4,5:1 kontrast, diagrammerker minst 3:1.
- Overskriftene kommer i rekkefølge (én hovedoverskrift per side), og alle valg kan gjøres med tastaturet.
  I presentasjonsmodus styres lysbildene med piltastene, Page Up / Page Down og Escape.

**Kjente avvik.**
- Sidens språk er merket som engelsk (`lang="en"`): Streamlit lar ikke appen sette `lang="nb"`, så en
  skjermleser må stilles til norsk.
- Noen av Streamlits egne tekster er på engelsk, og Streamlit 1.67 har ingen innstilling for dem: «Skip to
  main content», «Open» og «Help for …» som skjermleseren leser på listeknapper og hjelpeikoner, og
  verktøymenyen på tabeller og diagrammer («Download as CSV», «Fullscreen» …). Skriver du noe i en liste
  som ingen valg passer til, svarer listen «No results». Datoer skrives slik: 28.08.2007.
- Diagrammene kan ikke utforskes punkt for punkt med tastaturet; bruk tabellen under hvert diagram.
  På kartet velges kommunen med tastaturet i listen «Kommune» ved siden av.

**Meld fra.** Finner du noe som ikke virker for deg, opprett en sak i prosjektets sakssystem (issues) med
side, lenke («Kopier lenke») og hva som skjedde. Vi svarer innen to uker.
"""


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """The data sources (queries.data_sources) as the page lists them."""
    return pd.DataFrame({
        "Kilde": sources["name"], "Utgiver": sources["publisher"], "Lisens": sources["licence"],
        "Type": sources["is_example"].map({True: EXAMPLE_LABEL, False: REAL_LABEL}),
    })


def attributions(sources: pd.DataFrame) -> list[str]:
    """Each source's attribution (Markdown-safe)."""
    return [md(attribution) for attribution in sources["attribution"]]


def indicator_listing(catalogue: pd.DataFrame) -> Table:
    """Every indicator with its theme, unit, polarity, years, coverage, kind and source."""
    listing = pd.DataFrame({
        "Indikator": catalogue["name"],
        "Tema": catalogue["theme_name"].fillna("Bakgrunn"),
        "Enhet": catalogue["unit"],
        "Retning": catalogue["polarity"].map(POLARITY_LABELS),
        "Første år": catalogue["first_year"].astype("Int64"),  # two numbers, not «2005–2026»: a file sorts them
        "Siste år": catalogue["last_year"].astype("Int64"),
        "Dekning": [coverage_of(row).text() or "alle kommuner" for row in catalogue.to_dict("records")],
        "Type": catalogue["is_example"].map({True: EXAMPLE_LABEL, False: REAL_LABEL}),
        "Kilde": catalogue["source"],
        "Beskrivelse": catalogue["description"],
    })
    return Table(listing, "livskraft-indikatorer", "Indikatorene i Livskraft", "Livskraft; kildene står per indikator",
                 False, what="indikatorlisten")


def real_per_theme(catalogue: pd.DataFrame, sources: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """What is real in each theme: a sentence («4 av 6 tema …») and a row per theme with its real
    indicators (with their coverage) and their sources' licences, or that it has examples only."""
    themed = catalogue[catalogue["theme_name"].notna()]
    licences = sources.set_index("source_id")["licence"].to_dict()
    publishers = sources.set_index("source_id")["publisher"].to_dict()
    rows = []
    for theme, indicators in themed.groupby("theme_name", sort=False):
        real = indicators[~indicators["is_example"].astype(bool)]
        listed = [name + (f" ({coverage})" if (coverage := coverage_of(row).text()) else "")
                  for name, row in zip(real["name"], real.to_dict("records"))]
        used = dict.fromkeys(f"{publishers.get(s, s)} ({licences.get(s, 'se kilden')})" for s in real["source_id"])
        rows.append({"Tema": theme, "Reelle indikatorer": "; ".join(listed) or "ingen (bare eksempeldata)",
                     "Kilder og lisens": "; ".join(used) or "–"})
    table = pd.DataFrame(rows, columns=["Tema", "Reelle indikatorer", "Kilder og lisens"])
    real_themes = int((table["Reelle indikatorer"] != "ingen (bare eksempeldata)").sum())
    return f"{real_themes} av {len(table)} tema har minst én indikator med reelle tall.", table


def theme_lines(table: pd.DataFrame) -> list[str]:
    """real_per_theme's table as a Markdown list, a theme a line (Markdown-safe)."""
    return [f"- **{md(row['Tema'])}**: {md(row['Reelle indikatorer'])}"
            + (f". Kilder: {md(row['Kilder og lisens'])}" if row["Kilder og lisens"] != "–" else ".")
            for row in table.to_dict("records")]


def programme_text(origin: ProgrammeOrigin, seed: str, networks: int, memberships: int, themes: int) -> str:
    """Where the networks and memberships come from (Markdown-safe)."""
    if origin.is_example:
        return EXAMPLE_PROGRAMME.format(seed=seed)
    return (f"**Reelle data.** {md(origin.describe())} {networks} nettverk, {memberships} medlemskap og {themes} "
            "nettverkstemaer. Ved neste bygging av databasen tas den samme arbeidsboken inn igjen.")


def built(info: dict[str, str]) -> str:
    return md(f"Databasen ble bygd {info.get('built_at', '?')} (kildeversjon {info.get('fingerprint', '?')}).")
