"""Every URL parameter, declared once: its name, Norwegian label, parser, URL form, default and reach.

A page's selections live in the URL (`?dato=2007-08-28&tema=klima_energi&fylke=05`), so any view can be
shared as a link. The formats are documented links and stay as they are: ids, comma lists, ISO dates.
Parsing is plain Python and validates every value against what the data holds (`Choices`): a bad
value raises ValueError, which the app turns into a Norwegian notice and the default, never a
traceback. Adding a parameter means adding one `Param` here (and using it on a page).

`shared` parameters follow the user from page to page (a date chosen on Temastatus is the date on
Kart); the others belong to one page and come back when the user returns to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kommunedata import rules
from kommunedata import slides
from kommunedata.config import PROGRAMME_END, PROGRAMME_START, STATUS_DATE


@dataclass(frozen=True)
class Choices:
    """What the data holds: the values a parameter may take, and the programme for data-driven defaults."""

    themes: Collection[str] = ()
    counties: Collection[str] = ()  # counties with networks
    networks: Collection[str] = ()
    municipalities: Collection[str] = ()  # every code valid 2006-2024 (older codes lead to today's)
    indicators: Collection[str] = ()
    years: Collection[int] = ()
    programme: rules.Programme | None = field(default=None, compare=False)
    successor_of: Mapping[str, str] = field(default_factory=dict, compare=False)  # code -> main 2024 code


Values = Mapping[str, Any]


@dataclass(frozen=True)
class Param:
    name: str
    label: str  # Norwegian, as in «Lenken har en ukjent verdi for {label}»
    title: str  # Norwegian, the label of the widget that edits it
    parse: Callable[[str, Choices], Any]  # raises ValueError for a value the data does not hold
    dump: Callable[[Any], str | None]  # None: leave it out of the URL
    default: Callable[[Choices, Values], Any]  # may depend on parameters declared before it
    shared: bool = True


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NORWEGIAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _parse_date(raw: str, _choices: Choices) -> date:
    """2007-08-28 (what the app writes) or 28.08.2007 (what a person types); nothing else."""
    raw = raw.strip()
    if match := _ISO_DATE.fullmatch(raw):
        year, month, day_of_month = match.groups()
    elif match := _NORWEGIAN_DATE.fullmatch(raw):
        day_of_month, month, year = match.groups()
    else:
        raise ValueError(raw)
    try:
        day = date(int(year), int(month), int(day_of_month))
    except ValueError as error:
        raise ValueError(raw) from error
    if not PROGRAMME_START <= day <= PROGRAMME_END:
        raise ValueError(raw)
    return day


def _one_of(field_name: str) -> Callable[[str, Choices], str]:
    def parse(raw: str, choices: Choices) -> str:
        if raw not in getattr(choices, field_name):
            raise ValueError(raw)
        return raw

    return parse


def _many_of(field_name: str) -> Callable[[str, Choices], list[str]]:
    def parse(raw: str, choices: Choices) -> list[str]:
        values = [part for part in raw.split(",") if part]
        if any(value not in getattr(choices, field_name) for value in values):
            raise ValueError(raw)
        return list(dict.fromkeys(values))

    return parse


NONE_CHOSEN = "ingen"  # a list emptied on purpose, unlike a missing parameter (the page's own default)


def _optional_list(field_name: str, most: int | None = None) -> Callable[[str, Choices], list[str]]:
    """A comma list of values the data holds (at most `most`); `ingen` for a list emptied on purpose."""
    many = _many_of(field_name)

    def parse(raw: str, choices: Choices) -> list[str]:
        if raw.strip() == NONE_CHOSEN:
            return []
        values = many(raw, choices)
        if most is not None and len(values) > most:
            raise ValueError(raw)
        return values

    return parse


def _optional_list_text(values: list[str] | None) -> str | None:
    if values is None:
        return None
    return ",".join(values) or NONE_CHOSEN


MAP_MODES = ("nettverk", "tema", "indikator")


def _parse_map_mode(raw: str, _choices: Choices) -> str:
    if raw not in MAP_MODES:
        raise ValueError(raw)
    return raw


def _parse_flag(raw: str, _choices: Choices) -> bool:
    if raw not in ("1", "0"):
        raise ValueError(raw)
    return raw == "1"


def _parse_year(raw: str, choices: Choices) -> int:
    if not (raw.isascii() and raw.isdigit()) or int(raw) not in choices.years:
        raise ValueError(raw)
    return int(raw)


def _parse_last_years(raw: str, choices: Choices) -> dict[str, int]:
    """«folkemengde:2026,vaksine_mmr_2ar:2018»: indicator id -> the last year of its figures shown."""
    last_years = {}
    for part in raw.split(","):
        indicator_id, _colon, year = part.partition(":")
        if indicator_id not in choices.indicators:
            raise ValueError(raw)
        last_years[indicator_id] = _parse_year(year, choices)
    return last_years


def _last_years_text(last_years: dict[str, int] | None) -> str | None:
    return ",".join(f"{i}:{year}" for i, year in sorted(last_years.items())) if last_years else None


def _parse_slides(raw: str, choices: Choices) -> list[str]:
    """A chosen deck's tokens (slides.link_text: `oversikt.tema-klima_energi.nettverk-alle`, or the older
    comma list `oversikt,tema:klima_energi`), each naming a theme or network the data holds; a slide
    may come twice. The page expands them against the full deck (slides.expand)."""
    tokens = slides.read_link(raw)
    if not tokens or not all(slides.is_valid_token(t, choices.themes, choices.networks) for t in tokens):
        raise ValueError(raw)
    return tokens


def _positive(most: int, least: int = 1) -> Callable[[str, Choices], int]:
    def parse(raw: str, _choices: Choices) -> int:
        if not (raw.isascii() and raw.isdigit()) or not least <= int(raw) <= most:
            raise ValueError(raw)
        return int(raw)

    return parse


def _constant(value: Any) -> Callable[[Choices, Values], Any]:
    return lambda _choices, _values: value


def _default_network(choices: Choices, values: Values) -> str | None:
    """An established network on the chosen date, narrowed by the chosen themes and county."""
    if choices.programme is None:
        return None
    return rules.default_network(choices.programme, values.get("dato", STATUS_DATE), values.get("tema"),
                                 values.get("fylke"))


def _default_member(choices: Choices, values: Values) -> str | None:
    """A member of the chosen network (else of the default one) on the chosen date: a page opens on
    the programme, not on a municipality that was in no network."""
    if choices.programme is None:
        return _default_from("0301", "municipalities")(choices, values)
    return rules.default_member(choices.programme, values.get("dato", STATUS_DATE), values.get("tema"),
                                values.get("fylke"), values.get("nettverk"), choices.successor_of)


def _default_from(preferred: str, field_name: str) -> Callable[[Choices, Values], str | None]:
    """`preferred` where the data holds it, else the first value the data holds."""
    def default(choices: Choices, _values: Values) -> str | None:
        options = getattr(choices, field_name)
        return preferred if preferred in options or not options else sorted(options)[0]

    return default


def _text(value: str | None) -> str | None:
    return value or None


def _number_text(year: int | None) -> str | None:
    return None if year is None else str(year)


PARAMS: dict[str, Param] = {
    p.name: p
    for p in [
        Param("dato", "dato", "Dato", _parse_date, lambda d: d.isoformat(), _constant(STATUS_DATE)),
        Param("tema", "tema", "Tema", _many_of("themes"), lambda ids: ",".join(ids) or None, _constant([])),
        Param("fylke", "fylke", "Fylke", _one_of("counties"), _text, _constant("")),  # "": all counties
        Param("nettverk", "nettverk", "Nettverk", _one_of("networks"), _text, _default_network),
        Param("kommune", "kommune", "Kommune", _one_of("municipalities"), _text, _default_member),
        # None: the page's own default, one with figures for what it shows (views: nettverk, utvikling, kart)
        Param("indikator", "indikator", "Indikator", _one_of("indicators"), _text, _constant(None)),
        Param("aar", "år", "År", _parse_year, _number_text, _constant(None)),  # None: each indicator's own latest year
        # per indicator, the last year of figures considered (None: all): a copied link carries the years
        # its view had («tom=folkemengde:2026,vaksine_mmr_2ar:2018»), so figures imported later for newer
        # years do not change what the link shows
        Param("tom", "tom", "Tall til og med", _parse_last_years, _last_years_text, _constant(None)),
        # page-local: the Nettverk page's base year for change (None: the year the network was established)
        Param("basisaar", "basisår", "Endring siden", _parse_year, _number_text, _constant(None), shared=False),
        # page-local on Utvikling: more indicators beside the main one (None: the page's default set),
        # up to four municipalities to compare with, an index base year (None: no index), a moving average
        Param("indikatorer", "indikatorer", "Flere indikatorer", _optional_list("indicators"), _optional_list_text,
              _constant(None), shared=False),
        Param("sammenlign", "sammenligning", "Sammenlign med", _optional_list("municipalities", most=4),
              lambda codes: ",".join(codes) if codes else None, _constant([]), shared=False),
        Param("indeks", "indeks", "Indeks", _parse_year, _number_text, _constant(None), shared=False),
        Param("glidende", "glidende snitt", "Glidende snitt", _parse_flag, lambda on: "1" if on else None,
              _constant(False), shared=False),
        # page-local on Kart: what the colours show
        Param("farge", "fargevalg", "Farge etter", _parse_map_mode, _text, _constant("nettverk"), shared=False),
        # page-local on Presentasjon: the mode itself, the deck (None: built from the data), the slide shown
        # (counted from 1; checked against the deck by the page) and auto-advance in seconds (None: off)
        Param("presentasjon", "presentasjon", "Presentasjon", _parse_flag, lambda on: "1" if on else None,
              _constant(True), shared=False),
        Param("lysbilder", "lysbilder", "Velg lysbilder", _parse_slides,
              lambda tokens: slides.link_text(tokens) if tokens else None, _constant(None), shared=False),
        Param("lysbilde", "lysbilde", "Lysbilde", _positive(999), str, _constant(1), shared=False),
        # the part of a slide too long for one screen (slides.split), counted from 1; 1 is left out
        Param("del", "del", "Del av lysbildet", _positive(99), lambda part: str(part) if part != 1 else None,
              _constant(1), shared=False),
        Param("intervall", "intervall", "Bytt automatisk", _positive(3600, least=5), _number_text, _constant(None),
              shared=False),
    ]
}


def parse_params(query: Mapping[str, str], choices: Choices) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Valid values by name, and the (name, raw value) pairs that were not valid.

    An empty value (`?fylke=`) means nothing chosen: None, which the app replaces by the default,
    without a notice. Parameters that are not declared (`?embed=true`) are not ours and are ignored.
    """
    values: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for name, param in PARAMS.items():
        if name not in query:
            continue
        if not query[name].strip():
            values[name] = None
            continue
        try:
            values[name] = param.parse(query[name], choices)
        except ValueError:
            errors.append((name, query[name]))
    return values, errors


def is_valid(name: str, value: Any, choices: Choices) -> bool:
    """Whether a value kept from earlier (e.g. before the database was rebuilt) still fits the data."""
    dumped = PARAMS[name].dump(value)
    return dumped is None or not parse_params({name: dumped}, choices)[1]


def dump_params(values: Values, names: Sequence[str]) -> dict[str, str]:
    """The URL parameters for `names`, leaving out empty selections."""
    dumped = {name: PARAMS[name].dump(values[name]) for name in names if name in values}
    return {name: text for name, text in dumped.items() if text is not None}
