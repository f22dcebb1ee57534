"""Norwegian text for the interface: labels, number and date formatting, safe Markdown, the Altair locale.

Streamlit renders Markdown in st.markdown, st.caption, st.info/warning and the like: a value from a
URL, a file or the database must pass through `md` before it is put into such text, or it could become
a link, an image fetched from anywhere, an icon, coloured text or a formula.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
import re
from collections.abc import Sequence
from datetime import date

NBSP = "\u00a0"

STATUS_LABELS = {"established": "Etablert", "establishing": "Under etablering"}
MEMBER_STATUS_LABELS = {
    "decided": "Vedtak fattet",
    "pending": "Forbereder vedtak",
    "not_yet": "Ikke med ennå",
    "left": "Gått ut",
}
POLARITY_LABELS = {"higher_better": "Høyere er bedre", "lower_better": "Lavere er bedre", "neutral": "Nøytral"}
# What the map's colours mean for an indicator that judges (blue is always better)
MAP_POLARITY = {"higher_better": "Blått er bedre, rødt svakere.", "lower_better": "Blått er bedre (lavere), rødt svakere."}
# A member against its network's mean: a symbol and a word, so colour is never the only carrier (tables,
# bar labels), and the chart legend's longer names (compare.BETTER, SAME, WORSE, NEUTRAL and the states
# without a verdict)
POSITION_LABELS = {"better": "✓ bedre", "same": "≈ som snittet", "worse": "✗ svakere"}
POSITION_SYMBOLS = {key: label.split(" ")[0] for key, label in POSITION_LABELS.items()}
POSITION_NAMES = {"better": "Bedre enn snittet", "same": "Som snittet (±5 % / ±1 prosentpoeng)",
                  "worse": "Svakere enn snittet", "neutral": "Nøytral indikator",
                  "unjudged": "Ikke vurdert: for få med tall til et snitt", "none": "Ingen tall"}
VIA_SUCCESSOR_MARK = "*"  # after a value that is today's municipality's, not the (merged) member's own
EXAMPLE_LABEL = "Eksempeldata"
EXAMPLE_FILE_TAG = "eksempeldata"  # in the name of a download that holds example data
PERCENT_UNIT = "prosent"
COUNT_UNIT = "antall"


def change_unit(unit: str) -> str:
    """The unit of a change: a change of a share in per cent is in percentage points."""
    return "prosentpoeng" if unit == PERCENT_UNIT else unit


def after_number(unit: str) -> str:
    """The unit as written after a number in a sentence, with its space: a count («antall») needs none."""
    return "" if unit == COUNT_UNIT else f" {unit}"


def example_indicator_notice(name: str) -> str:
    """The notice above an indicator of generated figures (Markdown-safe)."""
    return f"**{EXAMPLE_LABEL}:** «{md(name)}» er generert av Livskraft og viser ikke reelle tall."
# The programme's four headline numbers (programme.StatusCounts field, label, help), on Temastatus and the slides
HEADLINES = [
    ("municipalities_decided", "Kommuner med vedtak",
     "Medlemskommuner der kommunestyret har vedtatt å delta, på denne datoen."),
    ("municipalities_pending", "Kommuner som forbereder vedtak",
     "Medlemskommuner som er med i et nettverk, men ennå ikke har fattet vedtak."),
    ("networks_established", "Nettverk etablert", "Nettverk som er formelt etablert på denne datoen."),
    ("networks_establishing", "Nettverk under etablering", "Nettverk som er startet, men ennå ikke etablert."),
]
ESTIMATE_LABEL = "Anslag"
ESTIMATE_NOTICE = (
    "Hule punkter er anslag: tall for en kommune som senere ble delt, fordelt med antatte vekter, eller tall "
    "fra før en liten grensejustering (se indikatorens beskrivelse på «Om dataene»)."
)
REAL_LABEL = "Reelle data"

EXAMPLE_PROGRAMME_NOTICE = (
    "**Eksempeldata:** Nettverkene og medlemskapene er generert av Livskraft. Tallene for 28.08.2007 "
    "stemmer med KS' status, men hvilke kommuner og nettverk som inngår er ikke reelle. "
    "Se «Om dataene»."
)

EXAMPLE_PROGRAMME_SOURCE = "Livskraft (eksempeldata: nettverk og medlemskap er generert)"

WORD_JOINER = "\u2060"  # zero width, no line break: splits a pattern without changing what is seen
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
_TYPOGRAPHY = re.compile(r"(?<!\S)(<->|->|<-|--|>=|<=|~=)(?!\S)")
_OPENS_A_PATTERN = re.compile(r"([:@])(?!\s)")  # where a link, an address, an icon or `:colour[…]` can start
_WWW = re.compile(r"(?i)(www)(?=\.)")  # anywhere: GFM links `_www.x.no` too


def md(value: object) -> str:
    """`value` as Markdown that shows exactly its text and nothing else.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of them),
    which stops links, images, emphasis, headings, lists, HTML, `$` maths and Streamlit's
    `:colour[…]` directives; line breaks become spaces, so a value cannot start a block of its own.
    That is not enough on its own: Streamlit resolves the escapes first and then runs plugins over the
    plain text that turn `https://…`, `www.…` and `a@b.no` into links, `:material_x:` into icons,
    `:streamlit:` into an image, `:smile:` into an emoji and `->` into an arrow. A zero-width word
    joiner after a `:` or `@` that is not followed by a space, after `www` and inside those arrows
    splits those patterns without changing what the reader sees (checked in Chromium against
    Streamlit 1.67; see tests/e2e/test_safety.py). A `:` before a space («Tabell: …») starts no
    pattern and gets no joiner, which a reader would otherwise copy along with the text.
    """
    text = _LINE_BREAKS.sub(" ", str(value)).replace("\0", "\ufffd")
    text = _TYPOGRAPHY.sub(lambda m: m.group(0)[0] + WORD_JOINER + m.group(0)[1:], text)
    text = _WWW.sub(r"\1" + WORD_JOINER, text)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _OPENS_A_PATTERN.sub(r"\1" + WORD_JOINER, text)


def plain(text: str) -> str:
    """What a reader sees of `md(value)`: the value itself (for tests and comparisons)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace(WORD_JOINER, "")


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """1234.5 -> '1 234,5' (no-break space between thousands, decimal comma, minus sign)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    # Half up, from the value rounded to 9 places: 95.85 is 95,9 whether a mean summed to 95.850000001 or to
    # 95.849999999 (the same mean, added up in another order, must read the same on every page)
    exact = Decimal(repr(round(abs(float(value)), 9))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{exact:,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return f"−{text}" if value < 0 and float(text.replace(NBSP, "").replace(",", ".")) != 0 else text


def lower_first(name: str) -> str:
    """«Klimagassutslipp per innbygger» → «klimagassutslipp per innbygger», for use inside a sentence;
    a name that starts with an abbreviation («MMR-dekning») stays as it is."""
    return name[:1].lower() + name[1:] if name[:2] != name[:2].upper() else name


def format_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def join_names(names: Sequence[str]) -> str:
    """"A", "A og B", "A, B og C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"


def successor_notice(
    old_name: str, old_code: str, successors: Sequence[tuple[str, str]], renumbered: bool = False
) -> str:
    """Why a page shows another municipality than the (older) code asked for: `successors` are today's
    (name, code), the one shown first; `renumbered`: the same municipality under a new number (or name).
    Markdown-safe: the names are escaped."""
    old_name, old_code = md(old_name), md(old_code)
    successors = [(md(name), md(code)) for name, code in successors]
    successor_names = [f"{name} ({code})" for name, code in successors]
    if renumbered and successors[0][0] == old_name:
        return f"{old_name} har i dag kommunenummer {successors[0][1]} (tidligere {old_code})."
    if renumbered:
        return f"{old_name} ({old_code}) heter i dag {successor_names[0]}."
    if len(successors) == 1:
        return f"{old_name} ({old_code}) er i dag en del av {successor_names[0]}. Tallene gjelder dagens kommune."
    return (
        f"{old_name} ({old_code}) ble delt og er i dag fordelt på {join_names(successor_names)}. "
        f"Tallene gjelder {successor_names[0]}; velg en av de andre for å se dem."
    )


def bad_param_notice(label: str, raw: str) -> str:
    """The notice for a value in a link that the data does not hold (Markdown-safe: the value is escaped)."""
    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    return f"Lenken har en ukjent verdi for {label} («{md(shown)}»). Viser standardvalget i stedet."


# d3 locale for Altair/Vega-Lite: numbers as 1 234,5 and Norwegian month names.
ALTAIR_LOCALE = {
    "number": {"decimal": ",", "thousands": NBSP, "grouping": [3], "currency": ["", " kr"]},
    "time": {
        "dateTime": "%A %e. %B %Y kl. %X",
        "date": "%d.%m.%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
        "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
        "months": ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
                   "september", "oktober", "november", "desember"],
        "shortMonths": ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"],
    },
}
