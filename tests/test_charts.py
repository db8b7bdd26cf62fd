"""views.charts: every builder gives a valid Vega-Lite spec with a title naming measure, edition or period
and geography, the table behind it, sources, and only the data it draws; the LSOA picking map is offline."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from fsot_data import gaps, progress
from fsot_data.editions import EDITIONS
from fsot_data.indicators import load_crosswalk
from views import charts, palettes


def check(spec: charts.ChartSpec, *words: str) -> dict:
    """The spec validates against the Vega-Lite schema, is titled and sourced, and its title names `words`."""
    full = charts.styled(charts.titled(spec)).to_dict()  # validates; raises on an invalid spec
    assert " ".join(full["title"]["text"]) == spec.title and full["config"]["font"] == palettes.FONT
    for word in words:
        assert word in spec.title, (word, spec.title)
    assert spec.source_lines() and spec.source_lines()[0].startswith("Source: ")
    assert not spec.table.empty
    # on screen the title is page text above the chart (ui/chart_card.py), so the screen's spec has none
    assert spec.vega_lite == charts.styled(spec.chart, autosize=spec.vega_lite["autosize"]["type"]).to_dict(validate=False)
    assert "title" not in spec.vega_lite
    json.dumps(spec.vega_lite)  # inline data is JSON (no NaN, no numpy types)
    return full


def datasets_of(spec) -> list[list[dict]]:
    """Every block of inline rows in a Vega-Lite spec (named datasets and layers' inline values)."""
    found = []
    if isinstance(spec, dict):
        found += list(spec.get("datasets", {}).values())
        if isinstance(spec.get("values"), list):
            found.append(spec["values"])
        for key, value in spec.items():
            if key not in ("datasets", "values"):
                found += datasets_of(value)
    elif isinstance(spec, list):
        for item in spec:
            found += datasets_of(item)
    return found


def test_decile_share_chart(data):
    shares = gaps.borough_decile_shares({k: data.lsoas(k) for k in EDITIONS}, "imd")
    spec = charts.decile_share_chart(shares, key="k", index_label="IMD", place="Stockton-on-Tees",
                                     source_ids=("iod2025_lsoa", "iod2019_lsoa"))
    full = check(spec, "IMD", "Stockton-on-Tees", "IoD2025", "IoD2019")
    assert "24 of 124" in spec.subtitle[0] and "25 of 120" in spec.subtitle[0]
    values = [row for rows in datasets_of(full) for row in rows]
    assert {"England: 10% in every decile (by construction)"} <= {row.get("label") for row in values}
    assert spec.table["England share (%)"].eq(10).all() and len(spec.table) == 20


def test_decile_mix_chart_sets_each_area_beside_its_rest_of_the_borough(data):
    lsoas = data.lsoas("2025")
    central = gaps.priority_area_areas(data.priority_areas(), "2025")[0]
    areas = [central, *gaps.fifth_areas(lsoas), gaps.custom_area(lsoas, list(lsoas["lsoa_code"]))]
    mix = gaps.decile_mix(lsoas, areas, data.national("2025"), "imd", "Stockton-on-Tees")
    spec = charts.decile_mix_chart(mix, key="k", index_label="IMD", edition_label="IoD2025", geography="LSOA 2021",
                                   source_ids=("iod2025_lsoa",))
    full = check(spec, "IMD", "IoD2025", "LSOA 2021", "rest of the borough")
    area_bars, rest_bars, names, written = full["layer"]
    assert area_bars["encoding"]["color"]["scale"]["range"] == [palettes.DECILE_COLOURS[d] for d in range(1, 11)]
    assert rest_bars["mark"]["size"] < area_bars["mark"]["size"]  # the rest is told apart by its size and place, not colour
    assert spec.table["Area"].tolist()[-2:] == ["Stockton-on-Tees", "England"]
    assert [row["area"] for row in names["data"]["values"]] == [*(a.label for a in areas), "Stockton-on-Tees", "England"]
    assert set(datasets_of(full)[0][0]) == {"area", "role", "decile", "decile_label", "n_lsoas", "share"}  # only what is drawn
    # IoD2025 LSOA file: Central Stockton 6 of 10 LSOAs in decile 1, none in decile 2; its rest 18 + 17 of 114
    # (tests/test_gaps.py recomputes the rest from the source)
    labels = {row["area"]: row["gap_label"] for row in written["data"]["values"]}
    assert labels["Central Stockton"] == f"Deciles 1-2: 60% vs 31% rest of borough ({100 * (6 / 10 - 35 / 114):+.1f} pts)"
    assert labels["Your selection"] == "Deciles 1-2: 33%; the whole borough, no rest to compare"  # (24 + 17) of 124
    rows = spec.table.set_index(["Area", "Figures for"])
    assert rows.loc[("Central Stockton", gaps.REST), ["LSOAs", "LSOAs in decile 1"]].tolist() == [114, 18]
    assert rows.loc[("Central Stockton", "The area"), "Gap to rest of borough, decile 1 (points)"] == round(100 * (6 / 10 - 18 / 114), 1)
    assert ("Your selection", gaps.REST) not in rows.index
    assert rows.loc[("Your selection", "The area"), "Rest of borough note"] == gaps.NO_REST


def test_rate_chart_gives_each_ward_its_rest_of_the_borough_or_says_why_not(data):
    crosswalk, lsoas = load_crosswalk(), data.lsoas("2019")
    rates = gaps.area_rate_indicators(data.indicators(), crosswalk).set_index("indicator_id")
    wards = gaps.ward_areas(lsoas, "wards")
    for indicator_id, town_label in (
            # ward_indicators_stockton_jrf_insight.csv, FP2021: Stockton Town Centre 420 / 1,835 households = 22.9%; the
            # other 25 wards 9,089 / 78,075 = 11.6% (tests/test_gaps.py adds them up from the source); no England row
            ("FP2021:pct", f"22.9%: {100 * 420 / 1835 - 100 * 9089 / 78075:+.1f} pts vs rest of borough; {charts.NO_ENGLAND}"),
            # the claimant rate has no counts in the source: no rest of the borough, said instead of a tick
            ("CC:rate_16_64", f"11.1%: {charts.SHORT_REST_NOTES[gaps.NO_COUNTS]}; {charts.NO_ENGLAND}")):
        values = gaps.area_indicator_values(data.indicators(), rates.loc[indicator_id].to_dict() | {"indicator_id": indicator_id},
                                            wards, data.lad_code, lsoas)
        shown = values[values["role"].eq(gaps.AREA)]
        spec = charts.area_gap_chart(shown, "rate", key="k", title=f"{indicator_id}: wards, 2021", subtitle=("s",),
                                     value_title="%", value_format=",.1f", references=[], source_ids=("indicators_wards",),
                                     table=charts.rate_gap_table(values, "%"))
        full = check(spec, "wards")
        labels = {row["area"]: row["gap_label"] for row in datasets_of(full)[0]}
        assert labels["Stockton Town Centre"] == town_label and len(labels) == 26
        table = spec.table.set_index("Area")
        assert table.loc["Stockton-on-Tees", "Role"] == gaps.BOROUGH  # the published comparators stay in the table
        assert table.loc["Stockton Town Centre", "Rest of borough LSOAs or wards"] == 25


def test_area_gap_chart_marks_the_rest_of_the_borough_and_writes_both_gaps(data):
    lsoas = data.lsoas("2019")
    areas = [*gaps.priority_area_areas(data.priority_areas(), "2019"), gaps.custom_area(lsoas, list(lsoas["lsoa_code"]))]
    summaries = gaps.area_summaries(lsoas, areas, "imd", 32_844)
    table = gaps.area_gaps(summaries, gaps.official_borough(data.lad_summaries("2019"), data.lad_code, "imd"),
                           gaps.england_reference(data.national("2019"), "imd", 32_844),
                           gaps.rest_summaries(lsoas, areas, "imd", 32_844))
    refs = [charts.Reference("Borough", 0.2083, palettes.BOROUGH), charts.Reference("England", 0.1, palettes.ENGLAND)]
    spec = charts.area_gap_chart(table, "share", key="k", title="IMD: share in the 10%, IoD2019, LSOA 2011", subtitle=("s",),
                                 value_title="Share", value_format=".0%", references=refs, source_ids=("iod2019_lsoa",))
    full = check(spec, "IoD2019", "LSOA 2011")
    marks = [layer["mark"]["type"] for layer in full["layer"]]
    assert marks[:3] == ["bar", "tick", "rule"] and marks[-1] == "text"  # references (and their labels) under the gaps
    assert full["layer"][2]["encoding"]["color"]["scale"]["domain"] == ["Borough", "England"]
    # IoD2019 File 7: Central Stockton 5 of 7 LSOAs in decile 1, the rest of the borough 20 of 113 (tests/test_gaps.py
    # recomputes both from the source); England 10% by construction.
    labels = {row["area"]: row["gap_label"] for row in datasets_of(full)[0]}
    assert labels["Central Stockton"] == f"71%: {100 * (5 / 7 - 20 / 113):+.1f} pts vs rest of borough, +61.4 pts vs England"
    assert labels["Your selection"] == f"21%: {gaps.NO_REST}, +10.8 pts vs England"  # 25 of 120: the whole borough
    row = spec.table.set_index("Area").loc["Central Stockton"]
    assert row["Rest of borough LSOAs"] == 113 and row["Rest of borough share (%)"] == round(100 * 20 / 113, 1)
    assert row["Gap to rest of borough (points)"] == pytest.approx(round(100 * (5 / 7 - 20 / 113), 1))
    assert spec.table.set_index("Area").loc["Your selection", "Rest of borough note"] == gaps.NO_REST


def test_rank_chart_and_trend_chart(data, compared):
    ranks = gaps.official_ranks({k: data.lad_summaries(k) for k in EDITIONS}, data.lad_code, "imd",
                                {k: e.n_lads_england for k, e in EDITIONS.items()})
    spec = charts.rank_chart(ranks, key="k", index_label="IMD", place="Stockton-on-Tees",
                             source_ids=("iod2025_lad_summaries",))
    check(spec, "IMD", "Stockton-on-Tees", "IoD2025")
    assert "73 of 317" in {f"{r} of {n}" for r, n in zip(spec.table.iloc[:, 3], spec.table.iloc[:, 4], strict=True)}

    trend = gaps.indicator_trend(compared, "FT:90366")  # life expectancy: both sexes, no CIs
    spec = charts.trend_chart(trend, key="k", indicator_name="Life expectancy at birth", place="Stockton-on-Tees",
                              source_ids=("indicators_fingertips_health",),
                              references=[charts.Reference("Claim", 80, palettes.CLAIM_LINE)])
    full = check(spec, "Life expectancy at birth", "Stockton-on-Tees", "England", "2015 - 17", "2023 - 25")
    assert "higher is better" in spec.subtitle[0] and "No confidence intervals" in spec.subtitle[1]
    assert full["layer"][0]["encoding"]["strokeDash"]["field"] == "sex"

    trend = gaps.indicator_trend(compared, "ELS:employment-rate:employment-rate")  # with CIs and the North East
    spec = charts.trend_chart(trend, key="k", indicator_name="Employment rate", place="Stockton-on-Tees",
                              source_ids=("indicators_ons_els",))
    full = check(spec, "North East")
    assert full["layer"][0]["mark"]["type"] == "area" and "confidence interval" in spec.subtitle[1]


def test_england_index_chart_and_coverage_chart(data, compared):
    crosswalk = load_crosswalk()
    latest = gaps.borough_against_england(compared, crosswalk, "Income")
    spec = charts.england_index_chart(latest, key="k", domain="Income", place="Stockton-on-Tees",
                                      source_ids=("indicators_ons_els",))
    full = check(spec, "Income", "Stockton-on-Tees", "England")
    labels = {row["label"] for rows in datasets_of(full) for row in rows if "label" in row}
    assert any("vs United Kingdom" in label for label in labels)  # child poverty's comparator is the UK
    assert any("↓" in label for label in labels) and any("↑" in label for label in labels)
    assert set(spec.table["Polarity"]) <= set(charts.POLARITY_WORDS.values())

    coverage = gaps.measurement_coverage(crosswalk, data.indicators(), data.lad_code)
    spec = charts.coverage_chart(coverage, key="k", place="Stockton-on-Tees", source_ids=("indicators_ons_els",))
    full = check(spec, "FSOT domain", "Stockton-on-Tees")
    power = [row for row in datasets_of(full)[0] if row["domain"] == "Power" and row["kind_label"] == "IoD indices"]
    assert power == [{"domain": "Power", "kind_label": "IoD indices", "count": 0, "state": "none"}]


def test_reference_lines_carry_their_labels_as_text_not_only_colour():
    frame = pd.DataFrame({"area": ["Ward A", "Ward B"], "wards": [8, 11]})
    refs = [charts.Reference("The claim: nine wards", 9, palettes.CLAIM_LINE, dashed=False),
            charts.Reference("England", 6, palettes.ENGLAND)]
    spec = charts.reference_bar_chart(frame, key="refs", title="Wards", subtitle=(), value="wards", value_title="Wards",
                                      value_format=",.0f", references=refs, table=frame, source_ids=("iod2019_lsoa",))
    layers = spec.vega_lite["layer"]
    texts = [v["label"] for layer in layers if layer.get("mark", {}).get("type") == "text"
             for v in layer.get("data", {}).get("values", []) if "label" in v]
    assert texts == ["The claim: nine wards", "England"]


def test_gap_small_multiples_has_a_panel_per_measure_with_a_series(compared):
    series = progress.gap_series(progress.load_outcomes_framework(), compared)
    spec = charts.gap_small_multiples(series, key="k", place="Stockton-on-Tees", source_ids=("indicators_ons_els",))
    full = check(spec, "Stockton-on-Tees", "10 outcome measures", "1997 to 2025")  # GDHI from 1997; ASHE, DWP to 2025
    assert full["facet"]["field"] == "measure" and full["columns"] == 3
    assert set(spec.table["Measure"]) == set(series["measure"]) and spec.table["Baseline period"].sum() == 10
