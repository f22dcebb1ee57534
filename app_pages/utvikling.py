"""Utvikling over tid: a municipality against its own past, its network's mean and the country, on 2024
borders; an index, a moving average, more indicators side by side and other municipalities to compare."""

import streamlit as st

from kommunedata import charts, views
from kommunedata.text import ESTIMATE_NOTICE, EXAMPLE_LABEL, POLARITY_LABELS, format_number, md
from kommunedata.ui import data, share, state, widgets

catalogue = data.indicators().set_index("indicator_id")
options = data.municipality_options()  # today's municipalities, then older codes pointing to them
today = data.municipalities_2024()["name"].to_dict()
chosen = state.use(["tema", "kommune", "indikator", "indikatorer", "sammenlign", "indeks", "glidende"], data.choices())

title_col, actions_col = st.columns([3, 2], vertical_alignment="bottom")
title_col.title("Utvikling over tid")
share.actions(actions_col, present=False)
followed = data.follow_to_2024(chosen["kommune"])  # an older code (e.g. a member of 2007) leads to today's
# What only some municipalities show stands in a place of its own (st.empty, or an empty caption), so
# that the elements after it keep their places: the browser then updates them instead of building them anew.
notice = st.empty()
if followed.notice:
    notice.info(followed.notice, icon=":material/merge:")
    state.set_value("kommune", followed.code)
code = followed.code
# The chosen themes narrow the indicators (population stays among the extra ones, as context).
in_themes = list(catalogue.index[catalogue["theme_id"].isin(chosen["tema"])])
listed = in_themes or list(catalogue.index)
if chosen["indikator"] not in listed:  # the first the municipality has figures for (real ones come first)
    has = data.indicators_with_values(code)
    state.set_value("indikator", next((i for i in listed if i in has), listed[0]))


label = data.indicator_labels().__getitem__


left, right = st.columns(2)
widgets.choice(left, "kommune", list(options), options.get, label="Kommune (skriv navn eller nummer, også gamle)",
               help="En kommune som er slått sammen med andre, finnes under sitt gamle navn og nummer (Tjøme → "
                    "Færder). Har bare nummeret endret seg, skriver du navnet; det gamle nummeret virker i lenken.")
widgets.choice(right, "indikator", listed, label)
indicator_id = state.get("indikator")
networks = data.member_networks(code)
default_extra = views.default_indicators(catalogue.reset_index(), data.programme(), networks, indicator_id)
extra_col, compare_col = st.columns(2)
extra_options = [i for i in [*listed, views.POPULATION_ID] if i != indicator_id]
widgets.list_choice(extra_col, "indikatorer", list(dict.fromkeys(extra_options)), label, default_extra)
widgets.list_choice(compare_col, "sammenlign", [c for c in today if c != code], lambda c: options[c], [],
                    max_selections=4)
index_col, moving_col, _ = st.columns([1, 1, 2], vertical_alignment="bottom")
first, last = catalogue.loc[indicator_id, ["first_year", "last_year"]]
widgets.optional_choice(index_col, "indeks", list(range(int(first), int(last) + 1)), lambda y: f"{y} = 100",
                        "Av (vanlige tall)")
widgets.toggle(moving_col, "glidende", help="Snittet av året og de to før: jevner ut svingninger i små kommuner.")
st.caption(md(f"{today[code]} var ikke med i noe nettverk i Livskraftige kommuner: ingen nettverkslinje.")
           if networks.empty else "")


def draw(indicator_id: str, where, height: int) -> None:
    result = data.municipality_trend(code, indicator_id, tuple(state.get("sammenlign")), state.get("indeks"),
                                     bool(state.get("glidende")))
    indicator = result.indicator
    if result.lines.empty:
        where.info(md(f"Ingen tall for {indicator.name} i {today[code]}."), icon=":material/event_busy:")
        return
    axis = f"Indeks ({result.index_base} = 100)" if result.index_base else indicator.unit
    example_notice = where.empty()
    if indicator.is_example:
        example_notice.warning(f"**{EXAMPLE_LABEL}:** «{md(indicator.name)}» er generert av Livskraft og viser "
                               "ikke reelle tall.", icon=":material/science:")
    if result.change is not None and where is st:  # the headline of the main chart
        change, unit = result.change, {"prosent": "prosentpoeng", "antall": ""}.get(indicator.unit, indicator.unit)
        since = "Endring siden innmelding " if not result.networks.empty else "Endring "
        # Streamlit reads the sign of a delta from an ASCII «-», not the typographic minus of format_number
        delta = None if change.percent is None else (
            ("-" if change.percent < 0 else "+") + f"{format_number(abs(change.percent), 1)} %")
        where.metric(f"{since}({change.from_year}–{change.to_year})",
                     md(f"{indicator.format(change.absolute, signed=True)} {unit}".strip()), delta=delta,
                     delta_color={"higher_better": "normal", "lower_better": "inverse"}.get(indicator.polarity, "off"),
                     help="Fra året kommunen meldte seg inn (eller det første året etter med tall) til det siste året "
                          "med tall. Grønt er en forbedring, rødt en forverring, etter indikatorens retning.")
    where.markdown(f"**{md(result.sentence)}**")
    spec = charts.trend_lines(result.lines, result.markers, indicator.name, axis,
                              1 if result.index_base else indicator.decimals, f"{indicator.name} – {today[code]}",
                              result.sentence, indicator.is_example, height)
    where.vega_lite_chart(spec, width="stretch")
    share.chart(where, spec, f"livskraft-{code}-{indicator_id}", indicator.source, indicator.is_example,
                f"chart_{indicator_id}", result.coverage and f"{indicator.name}: {result.coverage}")
    notes = [ESTIMATE_NOTICE] if result.lines["is_estimate"].any() else []
    if result.not_indexed and result.index_base:
        notes.append(f"Uten tall i {result.index_base}, så ikke med som indeks: {', '.join(result.not_indexed)}.")
    elif result.not_indexed:
        notes.append(f"Ingen av linjene har tall i {state.get('indeks')}: viser vanlige tall i stedet for indeks.")
    if result.coverage:
        notes.append(f"{indicator.name}: {result.coverage}.")
    if result.without_country:
        notes.append("Hele landet vises ikke: indikatoren har tall for bare en del av landet.")
    if result.without_mean:
        notes.append(f"Ikke noe nettverkssnitt for {', '.join(result.without_mean)}: færre enn tre av medlemmene har "
                     "egne tall (et antall for en kommune som i dag er del av en større, telles ikke).")
    if result.without_values:
        notes.append(f"Ingen tall for {', '.join(result.without_values)}.")
    if state.get("glidende"):
        notes.append("Glidende snitt: hvert år viser snittet av året og de to før.")
    where.caption(md(" ".join(notes)) + " " if notes else "")
    where.caption(md(f"{indicator.unit} · {POLARITY_LABELS[indicator.polarity]} · Kilde: {indicator.source}"
                     + (" · Hele landet: tall publisert av kilden" if result.national_published else "")))
    with where.expander(md(f"Tabell: {indicator.name}")):
        table = views.trend_table(result)
        st.dataframe(table, hide_index=True, width="stretch", placeholder="–",
                     column_config={"År": st.column_config.NumberColumn(format="%d")})
        share.table(st, table, f"livskraft-{code}-{indicator_id}", f"{indicator.name} – {today[code]}",
                    indicator.source, indicator.is_example, indicator.decimals, what="tallene",
                    key=f"table_{indicator_id}")


draw(indicator_id, st, 420)
extra = state.get("indikatorer")
extra = default_extra if extra is None else extra
columns = st.columns(2)
for i, other in enumerate(i for i in extra if i in extra_options):
    draw(other, columns[i % 2].container(), 340)
st.caption("Alle tall er omregnet til kommunegrensene fra 2024. Nettverkssnittet regnes hvert år over kommunene "
           "som var med 31. desember; de stiplede strekene markerer innmelding og vedtak.")
