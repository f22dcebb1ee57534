"""What a fixed list of views shows, recorded before a refactor and compared after it.

    python -m bench.snapshot record /tmp/before.json [--db PATH]
    python -m bench.snapshot compare /tmp/before.json [--db PATH]

Each view is a page opened from a link, sometimes followed by what a user does (a widget changed, a
button pressed). For each it records, through AppTest, everything the page sends: the URL it leaves,
every element in order with its text, every table's values, every chart's Vega-Lite spec with its
data, the map's deck with the layer files it names, every widget's options and value, every link and
every download's file (the CSV's bytes, the .xlsx sheets' cells, the chart images). `compare` lists
the views that differ and where. A refactor must leave every view as it was; a change of behaviour
shows up here as the views it changes.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "temastatus": "app_pages/temastatus.py", "nettverk": "app_pages/nettverk.py",
    "utvikling": "app_pages/utvikling.py", "kart": "app_pages/kart.py", "om_dataene": "app_pages/om_dataene.py",
    "presentasjon": "app_pages/presentasjon.py", "importer": "app_pages/importer.py",
}

# (name, page, query parameters, steps): a step is (widget type, label, value) to set, or ("click", label)
VIEWS: list[tuple[str, str, dict[str, str], list[tuple]]] = [
    ("temastatus-default", "temastatus", {}, []),
    ("temastatus-2009", "temastatus", {"dato": "2009-03-01"}, []),
    ("temastatus-klima", "temastatus", {"tema": "klima_energi"}, []),
    ("temastatus-two-themes-county", "temastatus", {"dato": "2008-06-01", "tema": "klima_energi,kulturarv",
                                                    "fylke": "08"}, []),
    ("temastatus-county-06", "temastatus", {"fylke": "06"}, []),
    ("temastatus-start", "temastatus", {"dato": "2006-01-01"}, []),
    ("temastatus-end", "temastatus", {"dato": "2010-12-31", "tema": "folkehelse"}, []),
    ("temastatus-bad-link", "temastatus", {"dato": "2030-01-01", "tema": "ukjent", "fylke": "99"}, []),
    ("temastatus-norwegian-date", "temastatus", {"dato": "01.02.2008"}, []),
    ("temastatus-pick-county", "temastatus", {}, [("selectbox", "Fylke", "08")]),
    ("temastatus-reset-date", "temastatus", {"dato": "2009-01-01"}, [("click", "KS-status 28.08.2007")]),
    ("nettverk-default", "nettverk", {}, []),
    ("nettverk-hallingdal", "nettverk", {"nettverk": "hallingdal"}, []),
    ("nettverk-hallingdal-mmr", "nettverk", {"nettverk": "hallingdal", "indikator": "vaksine_mmr_2ar",
                                             "aar": "2010", "basisaar": "2008"}, []),
    ("nettverk-valdres-2009", "nettverk", {"nettverk": "valdres", "dato": "2009-06-01"}, []),
    ("nettverk-ryfylke-2010", "nettverk", {"nettverk": "ryfylke", "dato": "2010-12-31"}, []),
    ("nettverk-dalane", "nettverk", {"nettverk": "dalane", "dato": "2009-12-31"}, []),
    ("nettverk-klima-oppland", "nettverk", {"tema": "klima_energi", "fylke": "05"}, []),
    ("nettverk-lillehammer", "nettverk", {"tema": "klima_energi", "fylke": "05",
                                          "nettverk": "lillehammer-regionen"}, []),
    ("nettverk-telemark-emissions", "nettverk", {"fylke": "08", "tema": "klima_energi",
                                                 "indikator": "klimagassutslipp_miljodir_per_innbygger"}, []),
    ("nettverk-built-area", "nettverk", {"nettverk": "hallingdal", "indikator": "bebygd_areal"}, []),
    ("nettverk-early", "nettverk", {"dato": "2006-03-01"}, []),
    ("nettverk-no-networks", "nettverk", {"dato": "2006-01-01", "tema": "internasjonalt", "fylke": "03"}, []),
    ("nettverk-year-2008", "nettverk", {"nettverk": "hallingdal", "aar": "2008"}, []),
    ("nettverk-bad-network", "nettverk", {"nettverk": "finnes-ikke"}, []),
    ("nettverk-pick-network", "nettverk", {}, [("selectbox", "Nettverk", "valdres")]),
    ("nettverk-pick-indicator", "nettverk", {"nettverk": "hallingdal"},
     [("selectbox", "Indikator", "folkemengde")]),
    ("utvikling-default", "utvikling", {}, []),
    ("utvikling-gol-mmr", "utvikling", {"kommune": "3324", "indikator": "vaksine_mmr_2ar"}, []),
    ("utvikling-gol-old-code", "utvikling", {"kommune": "0617", "indikator": "vaksine_mmr_2ar"}, []),
    ("utvikling-frei", "utvikling", {"kommune": "1556"}, []),
    ("utvikling-tysfjord", "utvikling", {"kommune": "1850", "indikator": "folkemengde"}, []),
    ("utvikling-bergen-renumbered", "utvikling", {"kommune": "1201"}, []),
    ("utvikling-index-moving", "utvikling", {"kommune": "3301", "indikator": "folkemengde", "sammenlign": "0301",
                                             "indeks": "2010", "glidende": "1"}, []),
    ("utvikling-extra-none", "utvikling", {"kommune": "3324", "indikatorer": "ingen"}, []),
    ("utvikling-extra-two", "utvikling", {"kommune": "0301", "indikator": "folkemengde",
                                          "indikatorer": "andel_80_pluss,bebygd_areal"}, []),
    ("utvikling-telemark", "utvikling", {"kommune": "4003", "indikator": "klimagassutslipp_miljodir_per_innbygger",
                                         "sammenlign": "4001,0301"}, []),
    ("utvikling-theme", "utvikling", {"kommune": "1103", "tema": "areal"}, []),
    ("utvikling-index-missing", "utvikling", {"kommune": "4003", "indikator": "klimagassutslipp_miljodir",
                                              "indeks": "2006"}, []),
    ("utvikling-bad", "utvikling", {"kommune": "9999", "indikator": "nope"}, []),
    ("utvikling-pick", "utvikling", {"kommune": "3324"}, [("selectbox", "Kommune (skriv navn eller nummer, også gamle)", "4601")]),
    ("kart-default", "kart", {}, []),
    ("kart-2010", "kart", {"dato": "2010-12-31"}, []),
    ("kart-tema", "kart", {"farge": "tema", "tema": "kulturarv"}, []),
    ("kart-tema-none", "kart", {"farge": "tema"}, []),
    ("kart-indicator", "kart", {"farge": "indikator", "indikator": "vaksine_mmr_2ar"}, []),
    ("kart-built-2019", "kart", {"farge": "indikator", "indikator": "bebygd_areal", "aar": "2019",
                                 "kommune": "4003"}, []),
    ("kart-telemark", "kart", {"farge": "indikator", "indikator": "klimagassutslipp_miljodir_per_innbygger"}, []),
    ("kart-year-clamped", "kart", {"farge": "indikator", "indikator": "bebygd_areal", "aar": "2008"}, []),
    ("kart-member", "kart", {"kommune": "3324", "dato": "2008-06-01"}, []),
    ("kart-pick", "kart", {}, [("selectbox", "Kommune (eller klikk i kartet)", "3324")]),
    ("om-dataene", "om_dataene", {}, []),
    ("presentasjon-default", "presentasjon", {}, []),
    ("presentasjon-themes", "presentasjon", {"lysbilde": "2"}, []),
    ("presentasjon-theme", "presentasjon", {"lysbilder": "tema:klima_energi", "lysbilde": "1"}, []),
    ("presentasjon-network", "presentasjon", {"lysbilder": "nettverk:hallingdal,kart", "lysbilde": "1"}, []),
    ("presentasjon-map", "presentasjon", {"lysbilder": "nettverk:hallingdal,kart", "lysbilde": "2"}, []),
    ("presentasjon-county", "presentasjon", {"fylke": "08", "tema": "klima_energi"}, []),
    ("presentasjon-too-far", "presentasjon", {"lysbilde": "99"}, []),
    ("presentasjon-next", "presentasjon", {}, [("click", "Neste")]),
    ("presentasjon-leave-network", "presentasjon", {"lysbilder": "nettverk:hallingdal", "lysbilde": "1"},
     [("click", "Avslutt")]),
    ("presentasjon-from-nettverk", "nettverk", {"nettverk": "valdres", "presentasjon": "1"}, []),
    ("importer-locked", "importer", {}, []),
]

VOLATILE = re.compile(r"Databasen ble bygd .*?kildeversjon [0-9a-f?]+")  # the build time, escaped or not
SKIPPED_FIELDS = {"id", "form_id", "deferred_file_id", "fragment_id", "formId", "deferredFileId", "fragmentId"}


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k not in SKIPPED_FIELDS}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, str):
        return VOLATILE.sub("Databasen ble bygd …", value)
    return value


def _arrow(data: bytes) -> Any:
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
    frame = convert_arrow_bytes_to_pandas_df(data)
    return json.loads(frame.to_json(orient="split", date_format="iso", default_handler=str))


def _decoded(value: Any, key: str = "") -> Any:
    """A message as plain data: Arrow tables as their values, JSON texts (chart specs, the deck) parsed."""
    if isinstance(value, dict):
        if "data" in value and isinstance(value["data"], str) and ("styler" in value or key in ("arrow_data", "data")):
            value = {**value, "data": _arrow(base64.b64decode(value["data"]))}
        if "styler" in value:  # pandas names a styled table's CSS classes by a random id
            styler = dict(value["styler"])
            uuid = styler.pop("uuid", "")
            value = {**value, "styler": {k: v.replace(f"T_{uuid}", "T_") if isinstance(v, str) and uuid else v
                                         for k, v in styler.items()}}
        return {k: _decoded(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_decoded(v, key) for v in value]
    if key in ("spec", "json") and isinstance(value, str) and value[:1] in "{[":
        parsed = json.loads(value)
        for layer in parsed.get("layers", []) if isinstance(parsed, dict) else []:
            if isinstance(layer.get("data"), str) and layer["data"].startswith("app/static/"):
                layer["data"] = json.loads((ROOT / layer["data"].removeprefix("app/")).read_text())
        return parsed
    return value


def _element(node) -> Any:
    from google.protobuf.json_format import MessageToDict
    return type(node).__name__, _clean(_decoded(MessageToDict(node.proto, preserving_proto_field_name=True)))


def _walk(node, out: list) -> None:
    proto = getattr(node, "proto", None)
    children = getattr(node, "children", None)
    if children is not None:
        if proto is not None:
            from google.protobuf.json_format import MessageToDict
            out.append(("block", _clean(MessageToDict(proto, preserving_proto_field_name=True))))
        for index in sorted(children):
            _walk(children[index], out)
        out.append(("end",))
        return
    if proto is not None and hasattr(proto, "DESCRIPTOR"):
        out.append(_element(node))


DOWNLOADS: list[tuple[str, str, Any]] = []


def _file_content(file_name: str, raw: bytes) -> Any:
    if file_name.endswith(".xlsx"):
        import openpyxl
        book = openpyxl.load_workbook(io.BytesIO(raw))
        return {sheet.title: {"cells": [[None if c.value is None else repr(c.value) for c in row]
                                         for row in sheet.iter_rows()],
                              "formats": [[c.number_format for c in row] for row in sheet.iter_rows()]}
                for sheet in book.worksheets}
    if file_name.endswith(".png"):
        return hashlib.sha256(raw).hexdigest()
    return raw.decode("utf-8", errors="replace")


def _patch_downloads() -> None:
    """Every download's file, made as a click would make it (the app passes callables)."""
    from streamlit.delta_generator import DeltaGenerator
    original = DeltaGenerator.download_button

    def download_button(self, label, data, file_name=None, *args, **kwargs):
        made = data() if callable(data) else data
        raw = made.encode() if isinstance(made, str) else bytes(made)
        DOWNLOADS.append((label, file_name, _file_content(file_name or "", raw)))
        return original(self, label, data, file_name, *args, **kwargs)

    DeltaGenerator.download_button = download_button
    import streamlit
    from streamlit.delta_generator_singletons import get_dg_singleton_instance
    streamlit.download_button = lambda *args, **kwargs: download_button(
        get_dg_singleton_instance().main_dg, *args, **kwargs)


def _widget(at, kind: str, label: str):
    found = [w for w in getattr(at, kind) if w.label == label]
    if not found:
        raise LookupError(f"no {kind} labelled {label!r}")
    return found[0]


def view(page: str, params: dict[str, str], steps: list[tuple]) -> dict:
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(PAGES[page])
    for name, value in params.items():
        at.query_params[name] = value
    DOWNLOADS.clear()
    at.run()
    for step in steps:
        DOWNLOADS.clear()
        if step[0] == "click":
            next(b for b in at.button if b.label == step[1]).click()
        else:
            _widget(at, step[0], step[1]).set_value(step[2])
        at.run()
    elements: list = []
    _walk(at._tree, elements)
    return {
        "exception": [str(e.value) for e in at.exception],
        "url": dict(sorted(at.query_params.items())),
        "elements": elements,
        "downloads": list(DOWNLOADS),
    }


def record(db: str | None) -> dict[str, Any]:
    if db:
        os.environ["LIVSKRAFT_DB"] = str(Path(db).resolve())
    os.environ.setdefault("LIVSKRAFT_IMPORT_PASSWORD", "snapshot")
    os.chdir(ROOT)
    _patch_downloads()
    results = {}
    for name, page, params, steps in VIEWS:
        results[name] = json.loads(json.dumps(view(page, params, steps), default=str))
        print(f"{name}: {len(results[name]['elements'])} elements, {len(results[name]['downloads'])} downloads"
              + (" EXCEPTION" if results[name]["exception"] else ""), file=sys.stderr)
    return results


def differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Where two recordings differ (the first few places)."""
    if type(before) is not type(after):
        return [f"{path}: {str(before)[:200]!r} -> {str(after)[:200]!r}"]
    if isinstance(before, dict):
        found = []
        for key in sorted(set(before) | set(after)):
            if key not in before or key not in after:
                found.append(f"{path}/{key}: {'added' if key in after else 'removed'}")
            else:
                found += differences(before[key], after[key], f"{path}/{key}")
        return found
    if isinstance(before, list):
        if len(before) != len(after):
            found = [f"{path}: {len(before)} items -> {len(after)}"]
            for i, (a, b) in enumerate(zip(before, after)):
                if a != b:
                    return found + differences(a, b, f"{path}[{i}]")[:3]
            return found
        found = []
        for i, (a, b) in enumerate(zip(before, after)):
            found += differences(a, b, f"{path}[{i}]")
        return found
    if before != after:
        return [f"{path}: {str(before)[:200]!r} -> {str(after)[:200]!r}"]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.snapshot", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["record", "compare"])
    parser.add_argument("file")
    parser.add_argument("--db", help="the DuckDB file (default: $LIVSKRAFT_DB or data/livskraft.duckdb)")
    parser.add_argument("--only", help="a regular expression: the views to record or compare")
    args = parser.parse_args(argv)
    if args.only:
        VIEWS[:] = [v for v in VIEWS if re.search(args.only, v[0])]
    results = record(args.db)
    if args.action == "record":
        Path(args.file).write_text(json.dumps(results, ensure_ascii=False, sort_keys=True))
        print(f"{len(results)} views recorded in {args.file}")
        return 0
    before = _clean(json.loads(Path(args.file).read_text()))  # masks added since the recording apply too
    changed = 0
    for name, now in results.items():
        if name not in before:
            print(f"{name}: not recorded before")
            continue
        found = differences(before[name], now)
        if found:
            changed += 1
            print(f"{name}: {len(found)} differences")
            for line in found[:12]:
                print(f"  {line}")
    print(f"{len(results) - changed} of {len(results)} views the same")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
