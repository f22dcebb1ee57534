"""Presentation mode: which slides a deck holds, what each says, and where «Avslutt» leads.

A deck is a list of slide ids (`oversikt`, `temaer`, `tema:<id>`, `nettverk:<id>`, `kart`). Without
one the deck is built from the data on the chosen date (narrowed by the chosen themes and county, like
the other pages): the overview, the networks per theme, one slide per theme, one per network that has
started, and the map. A chosen deck is a link, kept short (`link_tokens`, `link_text`): a whole group
is one token (`nettverk-alle`: every network of the full deck), a group missing a few is the group
and what it lacks (`nettverk-alle.-nettverk-hallingdal`), tokens are joined by `.` and written with
characters a URL keeps as they are. Older links (`lysbilder=tema:klima_energi,nettverk:hallingdal`)
still read.

A slide whose table is longer than a 1024×768 screen holds is shown in parts (`split`), each a screen.

Every slide has a headline: one plain Norwegian sentence generated from its numbers. Plain text:
escape it (text.md) before it reaches Markdown. No Streamlit here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kommunedata import rules
from kommunedata.text import format_date, format_number, join_names, lower_first

OVERVIEW, THEMES, THEME, NETWORK, MAP = "oversikt", "temaer", "tema", "nettverk", "kart"
SINGLE = (OVERVIEW, THEMES, MAP)  # slide ids without a target
GROUPED = (THEME, NETWORK)  # kinds with a slide per theme or network: a link may name the whole group
EVERY = "*"  # `tema:*`: every theme slide of the full deck (in a link: `tema-alle`)
# The groups of «Velg lysbilder»: (group id, Norwegian name, the label of its box for all of it, the kinds
# of slide it holds)
GROUPS = (("oversikt", "Oversikt", "Begge oversiktene", (OVERVIEW, THEMES)),
          ("temaer", "Temaer", "Alle temaene", (THEME,)),
          ("nettverk", "Nettverk", "Alle nettverkene", (NETWORK,)),
          ("kart", "Kart", "Kartet", (MAP,)))
_LINK_ID = re.compile(r"[a-z0-9_]+(?:-[a-z0-9_]+)*")  # an id a short link can hold (not «alle»)


@dataclass(frozen=True)
class Slide:
    slide_id: str
    kind: str  # OVERVIEW, THEMES, THEME, NETWORK or MAP
    target: str | None = None  # the theme or network id


def parse(slide_id: str) -> Slide:
    """`oversikt`, `temaer`, `kart`, `tema:<theme_id>` or `nettverk:<network_id>` (no check against the data)."""
    kind, _, target = slide_id.partition(":")
    if kind in SINGLE and not target:
        return Slide(slide_id, kind)
    if kind in (THEME, NETWORK) and target:
        return Slide(slide_id, kind, target)
    raise ValueError(slide_id)


def is_valid(slide_id: str, theme_ids: Collection[str], network_ids: Collection[str]) -> bool:
    try:
        slide = parse(slide_id)
    except ValueError:
        return False
    return (slide.kind in SINGLE or slide.kind == THEME and slide.target in theme_ids
            or slide.kind == NETWORK and slide.target in network_ids)


def is_valid_token(token: str, theme_ids: Collection[str], network_ids: Collection[str]) -> bool:
    """A token of a chosen deck: a slide id, a whole group (`tema:*`) or a slide taken out (`-nettverk:x`)."""
    kind, _, target = token.removeprefix("-").partition(":")
    if target == EVERY:
        return kind in GROUPED and not token.startswith("-")
    return is_valid(token.removeprefix("-"), theme_ids, network_ids)


def expand(tokens: list[str], full: list[str]) -> list[str]:
    """The slides a chosen deck's tokens name, in their order: a group is its slides in the full deck,
    `-x` takes x out of what comes before it."""
    deck: list[str] = []
    for token in tokens:
        if token.startswith("-"):
            deck = [s for s in deck if s != token[1:]]
        elif token.endswith(":" + EVERY):
            deck += [s for s in full if parse(s).kind == token.partition(":")[0]]
        else:
            deck.append(token)
    return deck


def link_tokens(deck: list[str], full: list[str]) -> list[str] | None:
    """The shortest tokens for `deck` (None: the full deck, no link needed). A deck in the full deck's
    order names a group whole, or whole less what it lacks when that is shorter; any other deck (its own
    order, slides twice or from another date) is its slide ids."""
    if deck == full:
        return None
    if not all(s in full for s in deck) or sorted(deck, key=full.index) != deck or len(set(deck)) < len(deck):
        return list(deck)
    tokens: list[str] = []
    for kind in dict.fromkeys(parse(s).kind for s in full):
        members = [s for s in full if parse(s).kind == kind]
        chosen = [s for s in members if s in deck]
        left_out = [f"-{s}" for s in members if s not in deck]
        if kind in GROUPED and chosen and len(link_text([f"{kind}:{EVERY}", *left_out])) < len(link_text(chosen)):
            tokens += [f"{kind}:{EVERY}", *left_out]
        else:
            tokens += chosen
    return tokens if expand(tokens, full) == deck else list(deck)


def link_text(tokens: list[str]) -> str:
    """Tokens as the URL holds them: `oversikt.tema-klima_energi.nettverk-alle.-nettverk-hallingdal`
    (letters, digits, `-`, `_` and `.`, which a URL keeps as they are); the older comma list
    (`tema:klima_energi,nettverk:hallingdal`) when an id does not fit in that form."""
    short = []
    for token in tokens:
        kind, _, target = token.removeprefix("-").partition(":")
        if target and target != EVERY and (target == "alle" or not _LINK_ID.fullmatch(target)):
            return ",".join(tokens)
        short.append(("-" if token.startswith("-") else "") + kind + ("-" + ("alle" if target == EVERY else target)
                                                                         if target else ""))
    return ".".join(short)


def read_link(raw: str) -> list[str]:
    """`link_text`'s tokens back, from either form (a comma or a colon: the older form)."""
    if "," in raw or ":" in raw:
        return [part.strip() for part in raw.split(",") if part.strip()]
    tokens = []
    for part in (p.strip() for p in raw.split(".") if p.strip()):
        sign, body = ("-", part[1:]) if part.startswith("-") else ("", part)
        kind, _, target = body.partition("-")
        tokens.append(sign + kind + (":" + (EVERY if target == "alle" else target) if target else ""))
    return tokens


def group_of(slide_id: str) -> str:
    """The chooser's group a slide is listed in (GROUPS)."""
    kind = parse(slide_id).kind
    return next(group for group, _name, _all, kinds in GROUPS if kind in kinds)


def split(sizes: list[float], per_part: float, first: float | None = None) -> list[range]:
    """Rows of a table over as few screens as hold them, as even as they go: `sizes` is each row's height
    (in lines), a part holds at most `per_part` lines, the first at most `first` (it shares its screen
    with more text); a row taller than a part gets a part of its own. At least one part (empty for no
    rows)."""
    first = per_part if first is None else first
    fewest = _fill(sizes, per_part, first)
    low, high = 0.0, 1.0  # the smallest share of the budgets that still needs no more parts: even parts
    for _ in range(24):
        middle = (low + high) / 2
        low, high = (low, middle) if len(_fill(sizes, per_part * middle, first * middle)) == len(fewest) else (middle, high)
    return _fill(sizes, per_part * high, first * high)


def _fill(sizes: list[float], per_part: float, first: float) -> list[range]:
    """Each part filled up before the next (greedy)."""
    budget, parts, start, used = first, [], 0, 0.0
    for i, size in enumerate(sizes):
        if used + size > budget + 1e-9 and i > start:
            parts.append(range(start, i))
            start, used, budget = i, 0.0, per_part
        used += size
    parts.append(range(start, len(sizes)))
    return parts


def part_title(title_text: str, part: int, parts: int) -> str:
    """«Nettverk: Hallingdal (2/3)»; a slide of one part keeps its title."""
    return f"{title_text} ({part}/{parts})" if parts > 1 else title_text


def full_deck(programme: rules.Programme, theme_ids: list[str], on: date, chosen_themes: list[str] | None) -> list[str]:
    """The deck when none is given: overview, networks per theme, each (chosen) theme some network works
    on, each network that has started on the date (working on a chosen theme), the map. `programme` may be restricted
    to a county (rules.restrict_to_county)."""
    networks = rules.network_table_on(programme, on, chosen_themes or None)
    worked_on = set().union(*networks["theme_ids"]) if len(networks) else set()
    themes = [t for t in theme_ids if (not chosen_themes or t in chosen_themes) and t in worked_on]
    return [OVERVIEW, THEMES, *(f"{THEME}:{t}" for t in themes),
            *(f"{NETWORK}:{n}" for n in networks["network_id"]), MAP]


def title(slide: Slide, theme_names: Mapping[str, str], network_names: Mapping[str, str]) -> str:
    """The slide's title, as the slide chooser lists it."""
    return {
        OVERVIEW: "Oversikt",
        THEMES: "Nettverk per tema",
        MAP: "Kart",
        THEME: f"Tema: {theme_names.get(slide.target, slide.target)}",
        NETWORK: f"Nettverk: {network_names.get(slide.target, slide.target)}",
    }[slide.kind]


def exit_view(slide: Slide) -> tuple[str, dict[str, str]]:
    """The normal page showing what the slide shows («Avslutt»): a page id and its own parameters
    (the shared ones, date and county, follow by themselves)."""
    if slide.kind == THEME:
        return "temastatus", {"tema": slide.target}
    if slide.kind == NETWORK:
        return "nettverk", {"nettverk": slide.target}
    if slide.kind == MAP:
        return "kart", {"farge": "nettverk"}
    return "temastatus", {}


def _count(n: int, one: str, many: str) -> str:
    return f"{format_number(n)} {one if n == 1 else many}"


def overview_headline(counts: rules.StatusCounts) -> str:
    """«128 kommuner har vedtatt å være med og 40 forbereder vedtak; 20 nettverk er etablert og 14 er
    under etablering.»"""
    return (f"{_count(counts.municipalities_decided, 'kommune', 'kommuner')} har vedtatt å være med og "
            f"{format_number(counts.municipalities_pending)} forbereder vedtak; "
            f"{_count(counts.networks_established, 'nettverk', 'nettverk')} er etablert og "
            f"{format_number(counts.networks_establishing)} er under etablering.")


def themes_headline(per_theme: pd.DataFrame, established: int, establishing: int) -> str:
    """«20 nettverk er etablert, og folkehelse er det vanligste temaet (16 nettverk).» `per_theme`:
    rules.theme_status_on (short_name, networks_established)."""
    if established == 0:
        return (f"Ingen nettverk er etablert ennå; {format_number(establishing)} er under etablering."
                if establishing else "Ingen nettverk har startet ennå.")
    most = per_theme["networks_established"].max()
    top = [lower_first(name) for name in per_theme.loc[per_theme["networks_established"] == most, "short_name"]]
    if len(top) == 1:
        common = f"{top[0]} er det vanligste temaet ({_count(int(most), 'nettverk', 'nettverk')})"
    else:
        common = f"{join_names(top)} er de vanligste temaene ({format_number(int(most))} nettverk hver)"
    return f"{_count(established, 'nettverk', 'nettverk')} er etablert, og {common}."


def theme_headline(name: str, row: Mapping, networks: pd.DataFrame) -> str:
    """«Klima og energi: 10 etablerte nettverk og 4 under etablering, med 62 kommuner. Størst er
    Hallingdal (7 kommuner).» `row`: the theme's line of rules.theme_status_on; `networks`:
    programme.network_table_on for the theme."""
    established, establishing = int(row["networks_established"]), int(row["networks_establishing"])
    if established + establishing == 0:
        return f"Ingen nettverk arbeider med {lower_first(name)} på denne datoen."
    sentence = (f"{name}: {_count(established, 'etablert nettverk', 'etablerte nettverk')} og "
                f"{format_number(establishing)} under etablering, med "
                f"{_count(int(row['municipalities']), 'kommune', 'kommuner')}.")
    if len(networks):
        largest = networks[networks["members"] == networks["members"].max()]
        names = join_names(sorted(largest["name"]))
        sentence += (f" Størst er {names} ({_count(int(largest['members'].iloc[0]), 'kommune', 'kommuner')}"
                     + (" hver" if len(largest) > 1 else "") + ").")
    return sentence


def network_headline(name: str, status: str | None, created_on: date | None, established_on: date | None,
                     members: pd.DataFrame, theme_names: list[str]) -> str:
    """«Hallingdal er etablert (12.03.2007): 6 kommuner er med, 5 med vedtak, og nettverket arbeider med
    klima og energi og kulturarv.» `members`: the network's memberships with their status on the date (views.common.members_by_network)."""
    taking_part = members[members["status"].isin([rules.DECIDED, rules.PENDING])]
    decided = int((taking_part["status"] == rules.DECIDED).sum())
    if status == rules.ESTABLISHED:
        state = f"er etablert ({format_date(established_on)})"
    elif status == rules.ESTABLISHING:
        state = f"er under etablering (startet {format_date(created_on)})"
    else:
        return f"{name} har ikke startet på denne datoen" + (f" (starter {format_date(created_on)})." if created_on else ".")
    themes = join_names([lower_first(t) for t in theme_names]) if theme_names else "ingen tema ennå"
    return (f"{name} {state}: {_count(len(taking_part), 'kommune', 'kommuner')} er med, "
            f"{format_number(decided)} med vedtak, og nettverket arbeider med {themes}.")


def map_headline(members_then: int, lit: int, networks: int, on: date) -> str:
    """«168 kommuner tar del 28.08.2007, i 145 av dagens kommuner og 34 nettverk.»"""
    if members_then == 0:
        return f"Ingen kommuner tar del {format_date(on)}."
    return (f"{_count(members_then, 'kommune', 'kommuner')} tar del {format_date(on)}, i "
            f"{format_number(lit)} av dagens kommuner og {_count(networks, 'nettverk', 'nettverk')}.")
