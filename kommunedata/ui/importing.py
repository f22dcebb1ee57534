"""The «Importer data» page's glue: the forms, the dry run and the confirmed import.

The page runs exactly what the command line runs (`kommunedata.importer.import_file` and
`import_programme`): first as a dry run whose report is the preview, then, after «Importer», for real
with the same file and the same settings. The uploaded file is written to a private temporary folder
under its own name (which the stored import keeps), read there and removed.

Why the selections here are not in the URL: an import is an action on a file, not a view to share.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from kommunedata import importer
from kommunedata.importer import AGGREGATIONS, POLARITIES, Meta, PerInhabitant
from kommunedata.sources.imported import Options
from kommunedata.text import POLARITY_LABELS, md
from kommunedata.ui import cache, data

MAX_UPLOAD_MB = 20  # a KOSTRA table for every municipality and year is a few MB; .streamlit/config.toml agrees
INDICATOR, PROGRAMME = "indikator", "program"
KINDS = {INDICATOR: "Indikator (tall per kommune og år)", PROGRAMME: "Programmet (nettverk, temaer og medlemmer)"}
AGGREGATION_LABELS = {"sum": "Summeres (antall, areal, utslipp)", "weighted_mean": "Vektet snitt (andeler, rater)"}
_PREVIEW = "_import_preview"
_DONE = "_import_done"


@dataclass
class Request:
    """One import as asked for: the file and the settings; `key` tells two requests apart."""
    kind: str
    file_name: str
    content: bytes
    meta: Meta | None = None
    options: Options = field(default_factory=Options)
    source: str | None = None

    @property
    def key(self) -> str:
        return hashlib.sha256(repr((self.kind, self.file_name, self.meta, self.options, self.source)).encode()
                              + self.content).hexdigest()


@dataclass
class Outcome:
    request: Request
    ok: bool
    lines: list[str]  # the report's lines, or the refusal's message and examples
    indicator_id: str | None = None


def _text(value: str) -> str | None:
    return value.strip() or None


def indicator_settings(where) -> tuple[Meta, Options]:
    """The indicator's metadata and how to read the file: the command line's flags as fields (an empty
    field keeps what the database has, as a left-out flag does)."""
    left, right = where.columns(2)
    indicator_id = left.text_input("Indikator-id *", help="Små bokstaver a–z, sifre og _ (som --indicator). En id "
                                   "som finnes fra før, erstattes; tomme felter beholder det den har.")
    name = right.text_input("Navn", help="Påkrevd for en ny indikator (--name).")
    unit = left.text_input("Enhet", help="F.eks. km², prosent, tonn CO₂-ekv. (--unit).")
    source = right.text_input("Kilde", help="Utgiver og tabell, f.eks. «SSB tabell 11506» (--source).")
    themes = data.theme_names()
    theme = left.selectbox("Tema", ["", *themes, "ingen"], help="«ingen»: en bakgrunnsindikator (--theme).",
                           format_func=lambda t: {"": "(behold / velg)", "ingen": "Ingen (bakgrunn)"}.get(t, themes.get(t, t)))
    polarity = right.selectbox("Retning", ["", *POLARITIES], format_func=lambda p: POLARITY_LABELS.get(p, "(behold / velg)"),
                               help="Om høyere eller lavere er bedre (--polarity).")
    aggregation = left.selectbox("Slås sammen ved kommunesammenslåing", ["", *AGGREGATIONS],
                                 format_func=lambda a: AGGREGATION_LABELS.get(a, "(behold / velg)"), help="--aggregation")
    decimals = right.number_input("Desimaler", min_value=0, max_value=6, value=None, step=1, help="--decimals")
    description = where.text_area("Beskrivelse", height=68, help="--description")
    with where.expander("Slik leses filen (valgfritt)"):
        a, b = st.columns(2)
        value_column = a.text_input("Verdikolonne", help="Kolonnen (eller JSON-stat-kategorien) med tallene (--value-column).")
        year_columns = b.text_input("Årskolonner (regulært uttrykk)", help="F.eks. areal_(\\d{4}) (--year-columns).")
        ignore = a.text_input("Kolonner som ikke er kildetall", help="Kommaliste (--ignore-columns).")
        structure = b.number_input("Kommunestruktur fra år", min_value=1990, max_value=2100, value=None, step=1,
                                   help="Alle år har dette årets kommunenumre og navn (--code-structure).")
        zero = a.checkbox("0 betyr «ingen slik kommune det året»", help="--zero-as-missing")
        sum_rows = b.checkbox("Summer flere rader per kommune og år", help="F.eks. per sektor eller gass (--sum-rows).")
        per_id = a.text_input("Også per innbygger, med id", help="Deles på folketallet 1. januar året etter (--per-inhabitant).")
        per_unit = b.text_input("Enhet per innbygger", help="--per-inhabitant-unit")
        factor = a.number_input("Faktor før deling", min_value=0.0, value=1.0, help="F.eks. 1 000 000 for km² til m² "
                                "per innbygger (--per-inhabitant-factor).")
    meta = Meta(indicator_id.strip(), _text(name), _text(unit), theme or None, polarity or None, aggregation or None,
                _text(source), _text(description), None if decimals is None else int(decimals),
                PerInhabitant(per_id.strip(), _text(per_unit), float(factor)) if per_id.strip() else None)
    options = Options(_text(value_column), _text(year_columns), tuple(c.strip() for c in ignore.split(",") if c.strip()),
                      None if structure is None else int(structure), zero, sum_rows)
    return meta, options


def _safe_name(name: str) -> str:
    """The uploaded file's own name, without any folder and with only ordinary characters."""
    cleaned = re.sub(r"[^\w.\- ]", "_", Path(name).name).strip(" .")
    return cleaned[-120:] or "opplastet-fil"


def run(request: Request, dry_run: bool) -> Outcome:
    """The import, as the command line runs it, on the uploaded file."""
    target = cache.database().path
    with tempfile.TemporaryDirectory(prefix="livskraft-upload-") as folder:
        path = Path(folder) / _safe_name(request.file_name)
        path.write_bytes(request.content)
        try:
            if request.kind == PROGRAMME:
                report = importer.import_programme(path, target, request.source, dry_run=dry_run)
                return Outcome(request, True, report.lines())
            report = importer.import_file(path, request.meta, target, dry_run=dry_run, options=request.options)
            return Outcome(request, True, report.lines(), request.meta.indicator_id)
        except importer.FAILURES as error:
            message, examples = importer.failure_text(error)
            return Outcome(request, False, [_as_fields(line) for line in (message, *examples)])


# The command line's flags as the form names them, so a refusal points at a field on this page.
FIELDS = {"--indicator": "Indikator-id", "--name": "Navn", "--unit": "Enhet", "--source": "Kilde", "--theme": "Tema",
          "--polarity": "Retning", "--aggregation": "Slås sammen ved kommunesammenslåing",
          "--description": "Beskrivelse", "--decimals": "Desimaler", "--value-column": "Verdikolonne",
          "--year-columns": "Årskolonner", "--ignore-columns": "Kolonner som ikke er kildetall",
          "--code-structure": "Kommunestruktur fra år", "--zero-as-missing": "0 betyr «ingen slik kommune det året»",
          "--sum-rows": "Summer flere rader per kommune og år", "--per-inhabitant-unit": "Enhet per innbygger",
          "--per-inhabitant-factor": "Faktor før deling", "--per-inhabitant": "Også per innbygger, med id"}
_FLAG = re.compile("|".join(re.escape(flag) for flag in sorted(FIELDS, key=len, reverse=True)) + r"(?![\w-])")


def _as_fields(line: str) -> str:
    """«oppgi --source» → «oppgi «Kilde»»: the field on this page instead of the command line's flag."""
    return _FLAG.sub(lambda m: f"«{FIELDS[m.group(0)]}»", line)


def preview(request: Request) -> Outcome:
    """The dry run for this request, run once and kept for the confirm step."""
    kept = st.session_state.get(_PREVIEW)
    if kept is None or kept.request.key != request.key:
        kept = st.session_state[_PREVIEW] = run(request, dry_run=True)
    return kept


def pending() -> Outcome | None:
    return st.session_state.get(_PREVIEW)


def forget() -> None:
    st.session_state.pop(_PREVIEW, None)


def confirm(request: Request) -> None:
    """«Importer»: the import for real, its report kept for the next run (done()), and that run."""
    forget()
    st.session_state[_DONE] = run(request, dry_run=False)
    st.rerun()


def done() -> Outcome | None:
    """The report of the import confirmed in the previous run, once."""
    return st.session_state.pop(_DONE, None)


def show(where, outcome: Outcome) -> None:
    """A report or a refusal: its first line as the message, the rest as a list, every value escaped."""
    first, rest = outcome.lines[0], outcome.lines[1:]
    body = md(first) + "".join(f"\n- {md(line)}" for line in rest)
    if outcome.ok:
        where.success(body, icon=":material/fact_check:")
    else:
        where.error(body + "\n\nIngenting er endret.", icon=":material/block:")
