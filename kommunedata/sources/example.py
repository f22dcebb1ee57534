"""Example programme data: networks, memberships and indicators generated from a fixed seed.

No list of the programme's real networks exists, and there are no open per-municipality figures for
several themes. This module makes plausible, clearly labelled stand-ins. The networks agree exactly
with the KS status of 28 August 2007 (the KS presentation «FNF-samlingen, Granavolden»,
Kjetil Bjørklund, 28 August 2007) and grow the way the sources describe; everything it makes is flagged `is_example`.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import numpy as np
import pandas as pd

from kommunedata.config import EXAMPLE_SEED, PROGRAMME_END, STATUS_DATE
from kommunedata.rules import Programme
from kommunedata.themes import THEME_IDS

SOURCE_ID = "livskraft_eksempel"
SOURCE_TEXT = "Eksempeldata generert av Livskraft (ikke reelle tall)"
EXAMPLE_SEED_TEXT = f"frø {EXAMPLE_SEED}"

# The KS status of 28 August 2007.
ESTABLISHED_ON_STATUS_DATE = 20
ESTABLISHING_ON_STATUS_DATE = 14
DECIDED_ON_STATUS_DATE = 128
PENDING_ON_STATUS_DATE = 40
THEME_COUNTS_ON_STATUS_DATE = {
    "klima_energi": 10,
    "areal": 10,
    "folkehelse": 16,
    "internasjonalt": 2,
    "produksjon_forbruk": 6,
    "kulturarv": 9,
}
# "About 150 municipalities on 1 January 2008"; "over 200 municipalities in 40 networks" by 2010.
DECIDED_ON_2008 = 150
NETWORKS_BY_2010 = 40
LATER_NETWORKS = NETWORKS_BY_2010 - ESTABLISHED_ON_STATUS_DATE - ESTABLISHING_ON_STATUS_DATE
LATER_JOINERS = 12
DEPARTURES = 2
MIN_MEMBERS, MAX_MEMBERS = 4, 7

# Candidate regions: (network name, anchor municipality in the 2006 structure). Networks grow from
# the anchor to its nearest neighbours, preferring the anchor's county.
REGIONS = [
    ("Indre Østfold", "0124"), ("Nedre Glomma", "0106"), ("Follo", "0214"),
    ("Øvre Romerike", "0235"), ("Nedre Romerike", "0231"), ("Glåmdalen", "0402"),
    ("Hedmarken", "0403"), ("Sør-Østerdal", "0427"), ("Nord-Østerdal", "0437"),
    ("Nord-Gudbrandsdal", "0515"), ("Midt-Gudbrandsdal", "0516"), ("Lillehammer-regionen", "0501"),
    ("Gjøvikregionen", "0502"), ("Valdres", "0542"), ("Hallingdal", "0617"),
    ("Kongsbergregionen", "0604"), ("Midt-Buskerud", "0623"), ("Drammensregionen", "0602"),
    ("Nord-Vestfold", "0701"), ("Sør-Vestfold", "0709"), ("Grenland", "0806"),
    ("Vest-Telemark", "0829"), ("Midt-Telemark", "0821"), ("Østre Agder", "0906"),
    ("Setesdal", "0938"), ("Lister", "1003"), ("Lindesnesregionen", "1002"),
    ("Knutepunkt Sørlandet", "1001"), ("Jæren", "1120"), ("Dalane", "1101"),
    ("Haugalandet", "1106"), ("Ryfylke", "1130"), ("Sunnhordland", "1221"),
    ("Hardanger", "1231"), ("Nordhordland", "1263"), ("Vestkysten", "1246"),
    ("Sogn", "1420"), ("Sunnfjord", "1432"), ("Nordfjord", "1449"),
    ("Søre Sunnmøre", "1519"), ("Ålesundregionen", "1504"), ("Romsdal", "1502"),
    ("Nordmøre", "1566"), ("Fosen", "1624"), ("Orkdalsregionen", "1638"),
    ("Fjellregionen", "1640"), ("Værnesregionen", "1714"), ("Innherred", "1721"),
    ("Namdal", "1703"), ("Salten", "1804"), ("Helgeland", "1824"),
    ("Lofoten", "1865"), ("Vesterålen", "1866"), ("Ofoten", "1805"),
    ("Midt-Troms", "1931"), ("Nord-Troms", "1942"), ("Sør-Troms", "1901"),
    ("Vest-Finnmark", "2012"), ("Øst-Finnmark", "2030"), ("Midt-Finnmark", "2020"),
]
OTHER_COUNTY_PENALTY = 3.0  # a neighbour in another county counts as this many times farther away


def slug(name: str) -> str:
    """«Etablerte nettverk per tema» → «etablerte-nettverk-per-tema»: network ids here (so a build input),
    and download names (views)."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", " ": "-"})
    return name.lower().translate(table)


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _distance_km(a, b) -> float:
    mean_lat = math.radians((a.lat + b.lat) / 2)
    dx = (a.lon - b.lon) * math.cos(mean_lat) * 111.32
    dy = (a.lat - b.lat) * 110.57
    return math.hypot(dx, dy)


def _network_sizes(rng: random.Random, count: int, total: int) -> list[int]:
    sizes = [MIN_MEMBERS] * count
    for _ in range(total - MIN_MEMBERS * count):
        open_slots = [i for i, s in enumerate(sizes) if s < MAX_MEMBERS]
        sizes[rng.choice(open_slots)] += 1
    return sizes


def _assign_exact_themes(rng: random.Random, n_networks: int, counts: dict[str, int]) -> list[set[str]]:
    """At least two themes a network, with exactly `counts` networks per theme (Havel-Hakimi style)."""
    total = sum(counts.values())
    per_network = _network_sizes_bounded(rng, n_networks, total, low=2, high=4)
    remaining = per_network[:]
    chosen: list[set[str]] = [set() for _ in range(n_networks)]
    for theme_id, count in sorted(counts.items(), key=lambda kv: -kv[1]):
        order = list(range(n_networks))
        rng.shuffle(order)
        order.sort(key=lambda i: -remaining[i])
        for i in order[:count]:
            if remaining[i] == 0:
                raise ValueError("theme quotas cannot be met")
            chosen[i].add(theme_id)
            remaining[i] -= 1
    if any(remaining):
        raise ValueError("theme quotas cannot be met")
    return chosen


def _network_sizes_bounded(rng: random.Random, count: int, total: int, low: int, high: int) -> list[int]:
    sizes = [low] * count
    for _ in range(total - low * count):
        sizes[rng.choice([i for i, s in enumerate(sizes) if s < high])] += 1
    return sizes


def _grow_cluster(anchor, pool: pd.DataFrame, taken: set[str], size: int) -> list[str]:
    candidates = []
    for row in pool.itertuples():
        if row.code in taken or row.code == anchor.code:
            continue
        penalty = 1.0 if row.county_code == anchor.county_code else OTHER_COUNTY_PENALTY
        candidates.append((_distance_km(anchor, row) * penalty, row.code))
    candidates.sort()
    return [anchor.code] + [code for _dist, code in candidates[: size - 1]]


def generate_programme(pool: pd.DataFrame, seed: int = EXAMPLE_SEED) -> Programme:
    """Networks, themes and memberships; `pool` holds municipalities (code, name, county_code, lon, lat)
    that exist throughout the programme years."""
    rng = random.Random(seed)
    pool = pool.sort_values("code").reset_index(drop=True)
    by_code = {row.code: row for row in pool.itertuples()}
    regions = [r for r in REGIONS if r[1] in by_code]
    rng.shuffle(regions)

    n_early = ESTABLISHED_ON_STATUS_DATE + ESTABLISHING_ON_STATUS_DATE
    early_sizes = _network_sizes(rng, n_early, DECIDED_ON_STATUS_DATE + PENDING_ON_STATUS_DATE)
    later_sizes = [rng.randint(MIN_MEMBERS, 6) for _ in range(LATER_NETWORKS)]
    joiner_slots = [0] * n_early
    for _ in range(LATER_JOINERS):
        open_slots = [i for i in range(n_early) if early_sizes[i] + joiner_slots[i] < MAX_MEMBERS]
        joiner_slots[rng.choice(open_slots)] += 1

    networks, members = [], []
    taken: set[str] = set()
    i = -1
    for name, anchor_code in regions:
        if anchor_code in taken:  # a neighbouring network got there first
            continue
        i += 1
        if i == NETWORKS_BY_2010:
            break
        if i < ESTABLISHED_ON_STATUS_DATE:
            created = _day_between(rng, date(2006, 2, 1), date(2007, 1, 31))
            latest = STATUS_DATE - timedelta(days=rng.randint(3, 40))
            established = min(created + timedelta(days=rng.randint(60, 200)), latest)
        elif i < n_early:
            created = _day_between(rng, date(2007, 2, 1), date(2007, 8, 15))
            established = _day_between(rng, date(2007, 9, 10), date(2008, 5, 31))
        else:
            created = _day_between(rng, date(2008, 2, 1), date(2010, 2, 28))
            established = min(created + timedelta(days=rng.randint(90, 240)), date(2010, 12, 15))
        founding = early_sizes[i] if i < n_early else later_sizes[i - n_early]
        joiners = joiner_slots[i] if i < n_early else 0
        roster = _grow_cluster(by_code[anchor_code], pool, taken, founding + joiners)
        taken.update(roster)
        network_id = slug(name)
        networks.append({"network_id": network_id, "name": name, "created_on": created, "established_on": established})
        last_join = min(STATUS_DATE, established) if i < n_early else established
        for rank, code in enumerate(roster):
            if rank == 0:
                joined = created
            elif rank < founding:
                joined = min(created + timedelta(days=rng.randint(0, 60)), last_join)
            else:
                joined = _day_between(rng, max(created, date(2008, 2, 1)), date(2010, 6, 30))
            members.append(
                {"network_id": network_id, "municipality_code": code, "joined_on": joined,
                 "founding": rank < founding, "early": i < n_early, "established_early": i < ESTABLISHED_ON_STATUS_DATE}
            )
    memberships = pd.DataFrame(members)
    memberships["decision_on"] = _decision_dates(rng, memberships)
    memberships["left_on"] = _departures(rng, memberships)
    memberships = memberships.drop(columns=["founding", "early", "established_early"])

    network_frame = pd.DataFrame(networks).assign(is_example=True)
    themes = _network_themes(rng, network_frame)
    return Programme(
        networks=network_frame.sort_values("network_id").reset_index(drop=True),
        network_themes=themes.sort_values(["network_id", "theme_id"]).reset_index(drop=True),
        memberships=memberships.sort_values(["network_id", "municipality_code"]).reset_index(drop=True),
    )


def _decision_dates(rng: random.Random, m: pd.DataFrame) -> list[date | None]:
    decisions: list[date | None] = [None] * len(m)
    early = [i for i in range(len(m)) if m.at[i, "founding"] and m.at[i, "early"]]
    weights = np.array([4.0 if m.at[i, "established_early"] else 1.0 for i in early])
    np_rng = np.random.default_rng(rng.randint(0, 2**31))
    decided = set(np_rng.choice(early, size=DECIDED_ON_STATUS_DATE, replace=False, p=weights / weights.sum()))
    pending = [i for i in early if i not in decided]
    rng.shuffle(pending)
    n_before_2008 = DECIDED_ON_2008 - DECIDED_ON_STATUS_DATE
    for i in early:
        joined = m.at[i, "joined_on"]
        if i in decided:
            decisions[i] = _day_between(rng, joined, min(joined + timedelta(days=240), STATUS_DATE))
    for k, i in enumerate(pending):
        if k < n_before_2008:
            decisions[i] = _day_between(rng, STATUS_DATE + timedelta(days=1), date(2007, 12, 31))
        elif k < len(pending) - 3:  # three never get a decision through
            decisions[i] = _day_between(rng, date(2008, 1, 2), date(2008, 10, 31))
    for i in range(len(m)):
        if not (m.at[i, "founding"] and m.at[i, "early"]):
            joined = m.at[i, "joined_on"]
            decisions[i] = min(joined + timedelta(days=rng.randint(20, 200)), PROGRAMME_END)
    return decisions


def _departures(rng: random.Random, m: pd.DataFrame) -> list[date | None]:
    left: list[date | None] = [None] * len(m)
    sizes = m.groupby("network_id")["municipality_code"].transform("size")
    eligible = [i for i in range(len(m)) if m.at[i, "established_early"] and sizes[i] >= 6 and m.at[i, "founding"]]
    networks_hit: set[str] = set()
    for i in rng.sample(eligible, len(eligible)):
        if len(networks_hit) == DEPARTURES:
            break
        if m.at[i, "network_id"] in networks_hit:
            continue
        networks_hit.add(m.at[i, "network_id"])
        left[i] = _day_between(rng, date(2009, 1, 1), date(2010, 10, 31))
    return left


def _network_themes(rng: random.Random, networks: pd.DataFrame) -> pd.DataFrame:
    rows = []
    early_themes = _assign_exact_themes(rng, ESTABLISHED_ON_STATUS_DATE, THEME_COUNTS_ON_STATUS_DATE)
    later_weights = {"klima_energi": 0.0, "areal": 0.3, "folkehelse": 0.45, "internasjonalt": 0.05,
                     "produksjon_forbruk": 0.2, "kulturarv": 0.25}
    for i, network in enumerate(networks.itertuples()):
        if i < ESTABLISHED_ON_STATUS_DATE:
            themes = early_themes[i]
        else:
            # Later networks lean to climate and energy, as the programme did.
            themes = {"klima_energi"} if (i >= ESTABLISHED_ON_STATUS_DATE + ESTABLISHING_ON_STATUS_DATE or rng.random() < 0.7) else set()
            while len(themes) < rng.choice([2, 2, 3]):
                candidates = [t for t in THEME_IDS if t not in themes and later_weights[t] > 0]
                themes.add(rng.choices(candidates, weights=[later_weights[t] for t in candidates])[0])
        rows += [{"network_id": network.network_id, "theme_id": t, "chosen_on": network.created_on} for t in sorted(themes)]
    # Six early networks take up climate and energy later on.
    without_climate = [n for i, n in enumerate(networks.itertuples())
                       if i < ESTABLISHED_ON_STATUS_DATE and "klima_energi" not in early_themes[i]]
    for network in rng.sample(without_climate, min(6, len(without_climate))):
        rows.append({"network_id": network.network_id, "theme_id": "klima_energi",
                     "chosen_on": _day_between(rng, date(2008, 3, 1), date(2009, 12, 31))})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Example indicators for themes without open data, on 2024 codes, yearly 2005-2024.

EXAMPLE_YEARS = range(2005, 2025)

INDICATORS = [
    # id, name, theme, unit, polarity, aggregation, decimals, description
    ("klimagass_per_innbygger", "Klimagassutslipp per innbygger", "klima_energi", "tonn CO₂-ekv. per innbygger",
     "lower_better", "weighted_mean", 1, "Direkte utslipp av klimagasser i kommunen delt på folkemengden."),
    ("energibruk_per_innbygger", "Stasjonær energibruk per innbygger", "klima_energi", "MWh per innbygger",
     "lower_better", "weighted_mean", 1, "Energibruk i bygg og industri (ikke transport) delt på folkemengden."),
    ("omdisponert_dyrka_jord", "Omdisponert dyrka jord", "areal", "dekar",
     "lower_better", "sum", 0, "Dyrka jord omdisponert til andre formål i løpet av året."),
    ("nye_boliger_i_sentrum", "Andel nye boliger i sentrumsområder", "areal", "prosent",
     "higher_better", "weighted_mean", 1, "Andel av nye boliger som er bygd innenfor kommunens sentrumsområder."),
    ("vennskapssamarbeid", "Vennskapssamarbeid i Sør og Øst", "internasjonalt", "antall",
     "higher_better", "sum", 0, "Aktive samarbeidsavtaler med lokalsamfunn i Sør og Øst."),
    ("internasjonalt_per_innbygger", "Midler til internasjonalt samarbeid", "internasjonalt", "kr per innbygger",
     "higher_better", "weighted_mean", 1, "Kommunale midler til internasjonalt samarbeid delt på folkemengden."),
    ("husholdningsavfall_per_innbygger", "Husholdningsavfall per innbygger", "produksjon_forbruk", "kg per innbygger",
     "lower_better", "weighted_mean", 0, "Innsamlet husholdningsavfall delt på folkemengden."),
    ("materialgjenvinning", "Andel husholdningsavfall til materialgjenvinning", "produksjon_forbruk", "prosent",
     "higher_better", "weighted_mean", 1, "Andel av husholdningsavfallet som leveres til materialgjenvinning."),
    ("kulturminner_vernet", "Kulturminner med formelt vern", "kulturarv", "antall",
     "higher_better", "sum", 0, "Bygninger og anlegg med vedtaksfredning eller regulert vern, ved årets slutt."),
    ("kulturminnetilskudd_per_innbygger", "Tilskudd til kulturminnevern", "kulturarv", "kr per innbygger",
     "higher_better", "weighted_mean", 1, "Kommunale tilskudd til istandsetting av kulturminner delt på folkemengden."),
]


def indicator_rows() -> list[dict]:
    return [
        {"indicator_id": i, "name": n, "theme_id": t, "unit": u, "polarity": p, "aggregation": a,
         "source": SOURCE_TEXT, "decimals": d,
         "description": f"{desc} EKSEMPELDATA: generert av Livskraft med fast frø, ikke reelle tall."}
        for i, n, t, u, p, a, d, desc in INDICATORS
    ]


def generate_indicator_values(population: pd.DataFrame, seed: int = EXAMPLE_SEED) -> pd.DataFrame:
    """Plausible yearly values for every 2024 municipality.

    `population` has (code, lat, population): the size at the start, which sets levels and spreads.
    """
    rng = np.random.default_rng(seed)
    population = population.sort_values("code").reset_index(drop=True)
    n = len(population)
    years = np.array(list(EXAMPLE_YEARS))
    t = years - years[0]
    log_pop = np.log(population["population"].to_numpy(dtype=float))
    rural = (log_pop.mean() - log_pop) / log_pop.std()  # > 0 for small municipalities
    north = (population["lat"].to_numpy(dtype=float) - 63.0) / 3.0

    def level(mean, spread, rural_effect=0.0):
        return mean * np.exp(spread * rng.standard_normal(n) + rural_effect * rural)

    def yearly_noise(sd):
        return np.exp(sd * rng.standard_normal((n, len(years))))

    def trend(rate_mean, rate_sd):
        rates = rate_mean + rate_sd * rng.standard_normal(n)
        return np.exp(np.outer(rates, t))

    series = {}
    series["klimagass_per_innbygger"] = level(6.5, 0.35, 0.25)[:, None] * trend(-0.012, 0.01) * yearly_noise(0.04)
    series["energibruk_per_innbygger"] = (level(26.0, 0.2, 0.08) * (1 + 0.06 * north))[:, None] * trend(-0.006, 0.006) * yearly_noise(0.03)
    farmland = level(12.0, 0.8, -0.2) * (population["population"].to_numpy() / 5000) ** 0.5
    series["omdisponert_dyrka_jord"] = rng.poisson(farmland[:, None] * trend(-0.03, 0.02)).astype(float)
    centre = np.clip(45 - 9 * rural + 10 * rng.standard_normal(n), 5, 90)
    series["nye_boliger_i_sentrum"] = np.clip(centre[:, None] + 0.6 * t + 6 * rng.standard_normal((n, len(years))), 0, 100)
    series["vennskapssamarbeid"] = _persistent_counts(rng, np.clip(0.12 - 0.08 * rural, 0.01, 0.5), len(years))
    active = series["vennskapssamarbeid"] > 0
    series["internasjonalt_per_innbygger"] = np.where(active, level(12.0, 0.6)[:, None] * yearly_noise(0.2), np.where(rng.random((n, len(years))) < 0.1, 1.5, 0.0))
    growth = np.minimum(t, 10)  # waste grew until around 2015, then levelled off
    series["husholdningsavfall_per_innbygger"] = level(410.0, 0.15)[:, None] * np.exp(0.008 * growth)[None, :] * yearly_noise(0.04)
    recycling = np.clip(30 + 8 * rng.standard_normal(n), 8, 60)
    series["materialgjenvinning"] = np.clip(recycling[:, None] + (0.5 + 0.3 * rng.standard_normal(n))[:, None] * t + 2 * rng.standard_normal((n, len(years))), 3, 85)
    protected = np.round(level(60.0, 0.7, 0.3))
    series["kulturminner_vernet"] = protected[:, None] + np.cumsum(rng.poisson(0.04 * protected[:, None] / 10 + 0.2, (n, len(years))), axis=1)
    series["kulturminnetilskudd_per_innbygger"] = level(25.0, 0.8, 0.4)[:, None] * trend(0.02, 0.02) * yearly_noise(0.25)

    decimals = {row[0]: row[6] for row in INDICATORS}
    frames = []
    codes = population["code"].to_numpy()
    for indicator_id, values in series.items():
        frames.append(pd.DataFrame({
            "indicator_id": indicator_id,
            "municipality_code": np.repeat(codes, len(years)),
            "year": np.tile(years, n),
            "value": np.round(values.reshape(-1), decimals[indicator_id]),
        }))
    return pd.concat(frames, ignore_index=True)


def _persistent_counts(rng: np.random.Generator, start_probability: np.ndarray, n_years: int) -> np.ndarray:
    """Counts of agreements that persist from year to year: some start, a few end."""
    counts = np.zeros((len(start_probability), n_years))
    current = (rng.random(len(start_probability)) < start_probability).astype(float)
    for year in range(n_years):
        starts = rng.random(len(current)) < start_probability * 0.15
        ends = (current > 0) & (rng.random(len(current)) < 0.06)
        current = np.clip(current + starts - ends, 0, 3)
        counts[:, year] = current
    return counts
