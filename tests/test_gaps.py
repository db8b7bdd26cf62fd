"""fsot_data.gaps: area definitions and gap computations, on small synthetic frames checked by hand and on
the real built tables against figures checked by hand (File 10, the claims check, the DESNZ tables)."""

from __future__ import annotations

import csv
import gzip

import numpy as np
import pandas as pd
import pytest

from fsot_data import gaps
from fsot_data.datasets import Datasets
from fsot_data.editions import EDITIONS
from fsot_data.indicators import ENGLAND, UK, load_crosswalk, role
from fsot_data.measures import UNWEIGHTED_NO_DENOMINATORS, WEIGHTED

# --------------------------------------------------------------------------------------------
# Synthetic: ten LSOAs in four wards, national ranks out of N = 100.

N = 100


def borough(weighted: bool = True) -> pd.DataFrame:
    ranks = [3, 8, 15, 22, 35, 47, 58, 66, 81, 97]
    return pd.DataFrame({
        "lsoa_code": [f"E0100000{i}" for i in range(10)],
        "lsoa_name": [f"Town 00{i}A" for i in range(10)],
        "ward_code": ["W1", "W1", "W2", "W2", "W2", "W3", "W3", "W4", "W4", "W4"],
        "ward_name": ["Alpha", "Alpha", "Beta", "Beta", "Beta", "Gamma", "Gamma", "Delta", "Delta", "Delta"],
        "ward_fit": ["high"] * 9 + ["low"],
        "imd_rank": ranks,
        "imd_decile": [int(np.ceil(r / 10)) for r in ranks],
        "imd_score": [60.0, 50.0, 40.0, 33.0, 25.0, 20.0, 15.0, 12.0, 8.0, 2.0],
        "population": [1000.0, 3000.0, 1500, 1500, 1000, 2000, 2000, 1200, 1300, 1500] if weighted else [np.nan] * 10,
    })


def national() -> pd.DataFrame:
    ranks = np.arange(1, N + 1)
    return pd.DataFrame({"lsoa_code": [f"X{i}" for i in ranks], "imd_rank": ranks, "imd_decile": np.ceil(ranks / 10).astype(int),
                         "imd_score": 100.0 - ranks, "population": 1000.0})


def test_ward_areas_group_lsoas_by_best_fit_ward_and_state_the_fit():
    wards = gaps.ward_areas(borough(), "the test wards")
    assert [w.label for w in wards] == ["Alpha", "Beta", "Delta", "Gamma"]
    delta = wards[2]
    assert delta.key == "ward:W4" and delta.kind == gaps.WARD and delta.lsoa_codes == ("E01000007", "E01000008", "E01000009")
    assert "the test wards" in delta.caveat and "2 high" in delta.caveat and "1 low" in delta.caveat


def test_fifths_are_local_quintiles_of_national_rank():
    fifths = gaps.borough_fifths(borough())
    assert fifths.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    most, least = gaps.fifth_areas(borough())
    assert most.lsoa_codes == ("E01000000", "E01000001") and least.lsoa_codes == ("E01000008", "E01000009")
    # 124 LSOAs (IoD2025) do not split evenly: sizes differ by at most one and cover every LSOA once
    frame = pd.DataFrame({"imd_rank": np.arange(124) * 7 + 1})
    sizes = gaps.borough_fifths(frame).value_counts().sort_index()
    assert sizes.sum() == 124 and sizes.max() - sizes.min() <= 1


def test_custom_area_refuses_empty_and_unknown_selections_with_plain_messages():
    with pytest.raises(ValueError, match="at least one"):
        gaps.custom_area(borough(), [])
    with pytest.raises(ValueError, match=r"not among the borough's LSOAs.*E01999999"):
        gaps.custom_area(borough(), ["E01000001", "E01999999"])
    area = gaps.custom_area(borough(), ["E01000003", "E01000001", "E01000003"])
    assert area.lsoa_codes == ("E01000003", "E01000001") and area.kind == gaps.CUSTOM


def test_members_lists_an_lsoa_once_per_area_it_belongs_to():
    a = gaps.Area("a", "A", gaps.CUSTOM, ("E01000000", "E01000001"))
    b = gaps.Area("b", "B", gaps.PRIORITY, ("E01000001",))
    frame = gaps.members(borough(), [a, b])
    assert frame[["area_key", "lsoa_code"]].values.tolist() == [["a", "E01000000"], ["a", "E01000001"], ["b", "E01000001"]]
    with pytest.raises(ValueError, match="not in this edition"):
        gaps.members(borough(), [gaps.Area("c", "C", gaps.CUSTOM, ("E01012345",))])


def test_area_summaries_and_gaps_by_hand():
    areas = [gaps.Area("a", "Most deprived pair", gaps.CUSTOM, ("E01000000", "E01000001")),
             gaps.Area("b", "Middle", gaps.CUSTOM, ("E01000004", "E01000005", "E01000006"))]
    summaries = gaps.area_summaries(borough(), areas, "imd", N)
    assert summaries["area"].tolist() == ["Most deprived pair", "Middle"]
    # pair: both in decile 1; score weighted (60*1000 + 50*3000) / 4000 = 52.5
    pair = summaries.iloc[0]
    assert pair["n_most_deprived_10pct"] == 2 and pair["prop_most_deprived_10pct"] == 1.0
    assert pair["average_score"] == pytest.approx(52.5) and pair["weighting"] == WEIGHTED
    middle = summaries.iloc[1]  # (25*1000 + 20*2000 + 15*2000) / 5000 = 19
    assert middle["n_most_deprived_10pct"] == 0 and middle["average_score"] == pytest.approx(19.0)

    table = gaps.area_gaps(summaries, {"proportion_10pct": 0.2, "average_score": 30.0},
                           {"prop_most_deprived_10pct": 0.1, "average_score": 21.0, "weighting": WEIGHTED,
                            "weighting_label": WEIGHTED},
                           gaps.rest_summaries(borough(), areas, "imd", N))
    assert table["share_gap_borough"].tolist() == pytest.approx([0.8, -0.2])
    assert table["share_gap_england"].tolist() == pytest.approx([0.9, -0.1])
    assert table["score_gap_borough"].tolist() == pytest.approx([22.5, -11.0])
    assert table["score_gap_england"].tolist() == pytest.approx([31.5, -2.0])


def test_rest_of_borough_is_summarised_like_the_area_and_absent_for_the_whole_borough():
    pair = gaps.Area("a", "Most deprived pair", gaps.CUSTOM, ("E01000000", "E01000001"))
    everything = gaps.custom_area(borough(), list(borough()["lsoa_code"]))
    rest = gaps.rest_summaries(borough(), [pair, everything], "imd", N)
    # the other eight synthetic LSOAs (ranks 15..97): none in decile 1; score weighted by population
    # (40*1500 + 33*1500 + 25*1000 + 20*2000 + 15*2000 + 12*1200 + 8*1300 + 2*1500) / 12000 = 232300 / 12000
    assert rest["n_lsoas"].tolist() == [8, 0] and rest.loc[0, "prop_most_deprived_10pct"] == 0.0
    assert rest.loc[0, "average_score"] == pytest.approx(232300 / 12000) and rest.loc[0, "weighting"] == WEIGHTED
    assert rest.loc[0, "rest_note"] == "" and rest.loc[1, "rest_note"] == gaps.NO_REST and np.isnan(rest.loc[1, "average_score"])
    summaries = gaps.area_summaries(borough(), [pair, everything], "imd", N)
    table = gaps.area_gaps(summaries, {}, {"prop_most_deprived_10pct": 0.1, "average_score": 21.0, "weighting": WEIGHTED,
                                           "weighting_label": WEIGHTED}, rest)
    assert table["share_gap_rest"].iloc[0] == 1.0 and table["score_gap_rest"].iloc[0] == pytest.approx(52.5 - 232300 / 12000)
    assert np.isnan(table["share_gap_rest"].iloc[1]) and table["rest_note"].iloc[1] == gaps.NO_REST


def _borough_rows_from_source(path, lad_code: str) -> list[dict]:
    """The borough's rows of an IoD LSOA file, read with the csv module (independently of the build)."""
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if lad_code in (row.get("Local Authority District code (2019)"),
                                                                       row.get("Local Authority District code (2024)"))]


@pytest.mark.parametrize("edition, file, n_rest, n_rest_decile_1, rest_score", [
    # IoD2019: 120 borough LSOAs less Central Stockton's 7 = 113, of which 20 in decile 1 (25 in the borough, 5 in the
    # area); score = sum(IMD score x "Total population: mid 2015") / sum(population) over the 113 rows = 23.345.
    ("2019", "iod/iod2019/iod2019_lsoa11_assembled.csv.gz", 113, 20, 23.345),
    # IoD2025: 124 less 10 = 114, 18 in decile 1 (24 less 6); no population column here, so the plain mean = 24.310.
    ("2025", "iod/iod2025/iod2025_lsoa21_assembled.csv.gz", 114, 18, 24.310),
])
def test_rest_of_borough_for_central_stockton_by_hand_from_the_lsoa_file(sources_dir, edition, file, n_rest,
                                                                         n_rest_decile_1, rest_score):
    data = Datasets()
    central = gaps.priority_area_areas(data.priority_areas(), edition)[0]
    rows = [r for r in _borough_rows_from_source(sources_dir / file, data.lad_code) if r[next(iter(r))] not in central.lsoa_codes]
    decile_1 = sum(r["Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"] == "1" for r in rows)
    scores = [float(r["Index of Multiple Deprivation (IMD) Score"]) for r in rows]
    weights = [float(r.get("Total population: mid 2015 (excluding prisoners)", 1)) for r in rows]
    by_hand = sum(s * w for s, w in zip(scores, weights, strict=True)) / sum(weights)
    assert (len(rows), decile_1) == (n_rest, n_rest_decile_1) and by_hand == pytest.approx(rest_score, abs=0.0005)

    rest = gaps.rest_summaries(data.lsoas(edition), [central], "imd", EDITIONS[edition].n_lsoas_england).iloc[0]
    assert (rest["n_lsoas"], rest["n_most_deprived_10pct"]) == (n_rest, n_rest_decile_1)
    assert rest["average_score"] == pytest.approx(by_hand)
    assert rest["weighting"] == (WEIGHTED if edition == "2019" else UNWEIGHTED_NO_DENOMINATORS)


IMD_DECILE = "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"


@pytest.mark.parametrize("edition, file, rest_deciles", [
    # The borough's rows of the IoD LSOA file less Central Stockton's LSOAs (fsot_data/priority_areas.toml), counted by
    # their IMD decile column: IoD2019, 113 LSOAs (2011); IoD2025, 114 LSOAs (2021).
    ("2019", "iod/iod2019/iod2019_lsoa11_assembled.csv.gz", [20, 10, 13, 5, 8, 6, 9, 14, 18, 10]),
    ("2025", "iod/iod2025/iod2025_lsoa21_assembled.csv.gz", [18, 17, 9, 6, 4, 9, 5, 11, 21, 14]),
])
def test_rest_of_borough_decile_mix_for_central_stockton_by_hand_from_the_lsoa_file(sources_dir, edition, file, rest_deciles):
    data = Datasets()
    central = gaps.priority_area_areas(data.priority_areas(), edition)[0]
    rows = [r for r in _borough_rows_from_source(sources_dir / file, data.lad_code) if r[next(iter(r))] not in central.lsoa_codes]
    by_hand = [sum(r[IMD_DECILE] == str(d) for r in rows) for d in range(1, 11)]
    assert by_hand == rest_deciles and sum(by_hand) == len(rows)
    mix = gaps.decile_mix(data.lsoas(edition), [central], data.national(edition), "imd", data.lad_name)
    rest = mix[mix["area"].eq("Central Stockton") & mix["role"].eq(gaps.REST)]
    assert rest["n_lsoas"].tolist() == by_hand
    summary = gaps.decile_mix_gaps(mix).iloc[0]
    assert summary["rest_n_lsoas"] == len(rows) and summary["rest_share_1_2"] == pytest.approx(sum(by_hand[:2]) / len(rows))


def test_rest_of_borough_decile_mix_and_fuel_poverty_for_a_ward_and_central_stockton_by_hand(sources_dir, crosswalk):
    """Stockton Town Centre (ward E05001549, IoD2019 best-fit) and Central Stockton (IoD2019, 2011 LSOAs)."""
    data = Datasets()
    lsoas = data.lsoas("2019")
    lookup = pd.read_csv(sources_dir / "indicators/lookup_stockton_lsoa_msoa_ward.csv")  # ONS best-fit LSOA 2011 -> ward 2019
    town_lsoas = set(lookup.loc[lookup["ward_code"].eq("E05001549"), "lsoa_code"])
    town = next(a for a in gaps.ward_areas(lsoas, "wards") if a.key == "ward:E05001549")
    central = gaps.priority_area_areas(data.priority_areas(), "2019")[0]
    assert set(town.lsoa_codes) == town_lsoas and town.label == "Stockton Town Centre"

    # IoD2019 LSOA file, the borough's 120 rows less the ward's 3, counted by IMD decile: 117 LSOAs
    iod = pd.read_csv(sources_dir / "iod/iod2019/iod2019_lsoa11_assembled.csv.gz")
    iod = iod[iod["Local Authority District code (2019)"].eq(data.lad_code)]
    rest_deciles = iod.loc[~iod["LSOA code (2011)"].isin(town_lsoas), IMD_DECILE].value_counts().reindex(range(1, 11), fill_value=0)
    assert rest_deciles.tolist() == [22, 10, 13, 7, 8, 6, 9, 14, 18, 10]
    mix = gaps.decile_mix(lsoas, [town], data.national("2019"), "imd", data.lad_name)
    assert mix.loc[mix["role"].eq(gaps.REST), "n_lsoas"].tolist() == rest_deciles.tolist()

    # indicators/fuel_poverty_2020_lsoa_la_desnz.csv (DESNZ Table 3, LSOA rows): sum(fuel-poor households) /
    # sum(households) over the borough's LSOAs not in the area. Central Stockton's rest: 9,434 / 77,173 = 12.224%;
    # Stockton Town Centre's rest: 10,148 / 80,932 = 12.539%.
    fuel = pd.read_csv(sources_dir / "indicators/fuel_poverty_2020_lsoa_la_desnz.csv")
    fuel = fuel[fuel["area_type"].eq("LSOA")].pivot(index="area_code", columns="indicator_id", values="value")
    rates = gaps.area_rate_indicators(data.indicators(), crosswalk).set_index("indicator_id")
    lsoa_rate = rates.loc["FP2020:pct"].to_dict() | {"indicator_id": "FP2020:pct"}
    values = gaps.area_indicator_values(data.indicators(), lsoa_rate, [central, town], data.lad_code, lsoas).set_index("area")
    for area, expected in ((central, 12.224), (town, 12.539)):
        rest = fuel[~fuel.index.isin(area.lsoa_codes)]
        by_hand = 100 * rest["FP2020:fuel_poor_households"].sum() / rest["FP2020:households"].sum()
        assert by_hand == pytest.approx(expected, abs=0.0005) and len(rest) == 120 - len(area.lsoa_codes)
        assert values.loc[area.label, "rest_value"] == pytest.approx(by_hand)
        mine = fuel[fuel.index.isin(area.lsoa_codes)]
        area_rate = 100 * mine["FP2020:fuel_poor_households"].sum() / mine["FP2020:households"].sum()
        assert values.loc[area.label, "gap_rest"] == pytest.approx(area_rate - by_hand)
        assert values.loc[area.label, "gap_england"] == pytest.approx(area_rate - 13.231)  # Table 2's England row, 13.231%

    # indicators/ward_indicators_stockton_jrf_insight.csv, FP2021 ward rows: the other 25 wards' fuel-poor households
    # over their households, 9,089 / 78,075 = 11.641% (the ward itself: 420 / 1,835 = 22.888%, its published pct)
    wards = pd.read_csv(sources_dir / "indicators/ward_indicators_stockton_jrf_insight.csv")
    wards = wards[wards["area_type"].eq("Ward") & wards["indicator_id"].str.startswith("FP2021:")]
    wards = wards.pivot(index="area_code", columns="indicator_id", values="value").drop(index="E05001549")
    by_hand = 100 * wards["FP2021:fuel_poor_households"].sum() / wards["FP2021:households"].sum()
    assert by_hand == pytest.approx(11.641, abs=0.0005)
    ward_rate = rates.loc["FP2021:pct"].to_dict() | {"indicator_id": "FP2021:pct"}
    row = gaps.area_indicator_values(data.indicators(), ward_rate, [town], data.lad_code, lsoas).iloc[0]
    assert (row["rest_value"], row["rest_n_areas"]) == (pytest.approx(by_hand), 25)
    assert row["gap_rest"] == pytest.approx(100 * 420 / 1835 - by_hand) and np.isnan(row["gap_england"])  # no England row
    # the 26 wards' households add up to 79,910, not the borough's published 85,685 (FP2021:households, LAD row)
    assert "79,910" in row["rest_coverage"] and "85,685" in row["rest_coverage"]
    claimants = gaps.area_indicator_values(data.indicators(), rates.loc["CC:rate_16_64"].to_dict() | {"indicator_id": "CC:rate_16_64"},
                                           [town], data.lad_code, lsoas).iloc[0]
    assert claimants["value"] == 11.1 and claimants["rest_note"] == gaps.NO_COUNTS  # PROVENANCE.md: 11.1% in the ward


def test_the_borough_score_is_compared_like_for_like(sources_dir):
    data = Datasets()
    for edition, weighting in (("2019", WEIGHTED), ("2025", UNWEIGHTED_NO_DENOMINATORS)):
        borough = gaps.borough_comparator(data.lad_summaries(edition), data.lad_code, data.lsoas(edition), "imd",
                                          EDITIONS[edition].n_lsoas_england)
        assert borough["score_weighting"] == weighting
    # 2019: the same-method score is File 10's published 25.79 (iod2019 File 10 xlsx, IMD sheet, Stockton-on-Tees row);
    # 2025: the unweighted mean of the 124 Stockton imd_score values in iod2025_lsoa21_assembled.csv.gz, 26.256,
    # beside the published 25.83 (imd_average_score in iod2025_lad24_summaries.csv)
    assert (gaps.borough_comparator(data.lad_summaries("2019"), data.lad_code, data.lsoas("2019"), "imd", 32_844)["average_score"]
            == pytest.approx(25.79, abs=0.005))
    assert borough["average_score"] == pytest.approx(26.256, abs=0.001) and borough["published_average_score"] == 25.83


def test_area_summaries_say_when_they_are_unweighted():
    area = gaps.Area("a", "Pair", gaps.CUSTOM, ("E01000000", "E01000001"))
    summary = gaps.area_summaries(borough(weighted=False), [area], "imd", N).iloc[0]
    assert summary["average_score"] == pytest.approx(55.0) and summary["weighting"] == UNWEIGHTED_NO_DENOMINATORS


def test_decile_mix_has_each_area_and_its_rest_then_borough_then_england_with_shares_summing_to_one():
    pair = gaps.Area("a", "Pair", gaps.CUSTOM, ("E01000000", "E01000001"))
    everything = gaps.custom_area(borough(), list(borough()["lsoa_code"]), label="All")
    mix = gaps.decile_mix(borough(), [pair, everything], national(), "imd", "Testborough")
    rows = list(dict.fromkeys(zip(mix["area"], mix["role"], strict=True)))
    assert rows == [("Pair", gaps.AREA), ("Pair", gaps.REST), ("All", gaps.AREA), ("Testborough", gaps.BOROUGH),
                    (gaps.COUNTRY, gaps.COUNTRY)]  # the whole borough has no rest row
    assert mix.groupby(["area", "role"])["share"].sum().round(9).eq(1).all()
    by_row = mix.set_index(["area", "role", "decile"])["n_lsoas"].sort_index()
    assert by_row.loc[("Pair", gaps.AREA, 1)] == 2
    # the other eight synthetic LSOAs, ranks 15, 22, 35, 47, 58, 66, 81, 97 out of 100: deciles 2, 3, 4, 5, 6, 7, 9, 10
    assert by_row.loc[("Pair", gaps.REST)].tolist() == [0, 1, 1, 1, 1, 1, 1, 0, 1, 1]
    assert mix[mix["area"].eq(gaps.COUNTRY)]["share"].round(9).eq(0.1).all()
    assert by_row.loc[("Testborough", gaps.BOROUGH)].tolist() == [2, 1, 1, 1, 1, 1, 1, 0, 1, 1]
    summary = gaps.decile_mix_gaps(mix).set_index("area")
    # Pair: 2 of 2 in deciles 1-2; its rest 1 of 8 (rank 15, decile 2) -> gap 1 - 1/8
    assert summary.loc["Pair", ["n_lsoas", "rest_n_lsoas", "share_1", "rest_share_1"]].tolist() == [2, 8, 1.0, 0.0]
    assert summary.loc["Pair", "gap_1_2"] == pytest.approx(1 - 1 / 8) and summary.loc["Pair", "rest_note"] == ""
    assert summary.loc["All", "rest_note"] == gaps.NO_REST and np.isnan(summary.loc["All", "gap_1"])


def test_borough_decile_shares_per_edition_against_ten_percent():
    shares = gaps.borough_decile_shares({"2025": borough(), "2019": borough()}, "imd")
    assert shares["edition"].unique().tolist() == ["IoD2025", "IoD2019"]
    first = shares[shares["edition"].eq("IoD2025")].set_index("decile")
    assert first.loc[1, "share"] == pytest.approx(0.2) and first.loc[8, "share"] == 0 and (shares["england_share"] == 0.1).all()


def test_official_ranks_read_file_10_without_recomputing():
    tidy = pd.DataFrame({"lad_code": "E1", "lad_name": "Test", "index": "imd",
                         "measure": ["average_score", "rank_of_average_score", "extent", "rank_of_extent"],
                         "value": [25.0, 73.0, 0.3, 59.0]})
    ranks = gaps.official_ranks({"2019": tidy}, "E1", "imd", {"2019": 317})
    assert ranks[["measure", "value", "rank", "n_districts"]].values.tolist() == [
        ["average_score", 25.0, 73, 317], ["extent", 0.3, 59, 317]]
    assert ranks["rank_share"].tolist() == pytest.approx([73 / 317, 59 / 317])
    assert gaps.official_ranks({"2019": tidy}, "E1", "crime", {"2019": 317}).empty


def test_ward_claims_helpers_by_hand():
    wards = gaps.wards_with_decile1(borough()).set_index("ward_name")
    assert wards["n_decile_1"].to_dict() == {"Alpha": 2, "Beta": 0, "Gamma": 0, "Delta": 0}
    table, threshold = gaps.ward_score_proxy(borough(), national(), N)
    assert threshold == 90.0  # the score of national rank 10 (100 - 10)
    assert not table["in_top_10pct"].any()
    assert table.iloc[0]["ward_name"] == "Alpha" and table.iloc[0]["average_score"] == pytest.approx(52.5)


def test_area_indicator_values_reaggregate_counts_for_areas_and_their_rest_and_take_ward_figures():
    rows = []
    lsoa_counts = (("E01000000", 30, 100), ("E01000001", 10, 200), ("E01000002", 5, 100), ("E01000003", 15, 100))
    for code, poor, households in (*lsoa_counts, ("E06", 500, 4000), ("E12000001", 0, 1), ("E92000001", 0, 1)):
        area_type = "LSOA" if code.startswith("E01") else "LAD"
        rows += [{"indicator_id": "FP2020:fuel_poor_households", "area_code": code, "area_type": area_type, "value": poor},
                 {"indicator_id": "FP2020:households", "area_code": code, "area_type": area_type, "value": households}]
    rows += [{"indicator_id": "FP2020:pct", "area_code": c, "area_type": t, "value": v, "period": "2020", "area_name": n}
             for c, t, v, n in (("E01000000", "LSOA", 30.0, "x"), ("E06", "LAD", 12.5, "Testborough"),
                                ("E12000001", "Region", 14.4, "North East"), ("E92000001", "England", 13.2, "England"))]
    rows += [{"indicator_id": "CC:rate_16_64", "area_code": c, "area_type": "Ward", "value": v, "period": "2023-10", "area_name": c}
             for c, v in (("W1", 4.5), ("W2", 6.0))]
    for code, poor, households in (("W1", 10, 100), ("W2", 30, 100), ("W3", 60, 300), ("E06", 100, 500)):
        area_type = "Ward" if code.startswith("W") else "LAD"
        rows += [{"indicator_id": "FPW:poor", "area_code": code, "area_type": area_type, "value": poor},
                 {"indicator_id": "FPW:households", "area_code": code, "area_type": area_type, "value": households},
                 {"indicator_id": "FPW:pct", "area_code": code, "area_type": area_type, "value": 100 * poor / households,
                  "period": "2021", "area_name": code}]
    indicators = pd.DataFrame(rows).fillna({"period": "2020", "area_name": ""})
    lsoas = borough().iloc[:4]  # a four-LSOA borough: E01000000 .. E01000003
    pair = gaps.Area("a", "Pair", gaps.CUSTOM, ("E01000000", "E01000001"))
    other = gaps.Area("b", "Other", gaps.CUSTOM, ("E01000000", "E01000005"))
    whole = gaps.custom_area(lsoas, list(lsoas["lsoa_code"]), label="All")
    lsoa_rate = {"indicator_id": "FP2020:pct", "level": "LSOA", "numerator_id": "FP2020:fuel_poor_households",
                 "denominator_id": "FP2020:households"}
    by_area = gaps.area_indicator_values(indicators, lsoa_rate, [pair, other, whole], "E06", lsoas).set_index("area")
    # pair: (30 + 10) / (100 + 200); its rest E01000002-3: (5 + 15) / (100 + 100)
    assert by_area.loc["Pair", "value"] == pytest.approx(100 * 40 / 300) and by_area.loc["Pair", "rest_value"] == pytest.approx(10.0)
    assert by_area.loc["Pair", "gap_rest"] == pytest.approx(100 * 40 / 300 - 10) and by_area.loc["Pair", "rest_n_areas"] == 2
    assert by_area.loc["Pair", "gap_england"] == pytest.approx(100 * 40 / 300 - 13.2) and by_area.loc["Pair", "rest_note"] == ""
    assert np.isnan(by_area.loc["Other", "value"]) and "1 of 2 LSOAs" in by_area.loc["Other", "coverage"]
    assert by_area.loc["All", "rest_note"] == gaps.NO_REST and np.isnan(by_area.loc["All", "gap_rest"])
    assert by_area.loc["Testborough", "role"] == gaps.BOROUGH and by_area.loc["North East", "value"] == 14.4
    ward = gaps.Area("ward:W2", "Beta", gaps.WARD, ("E01000002",))
    new_ward = gaps.Area("ward:W9", "New", gaps.WARD, ("E01000003",))
    values = gaps.area_indicator_values(indicators, {"indicator_id": "CC:rate_16_64", "level": "Ward"},
                                        [ward, new_ward, pair], "E06", lsoas)
    assert values["value"].iloc[0] == 6.0 and np.isnan(values["value"].iloc[1]) and np.isnan(values["value"].iloc[2])
    assert "May 2023" in values["coverage"].iloc[1] and values["coverage"].iloc[2] == gaps.NOT_THIS_KIND
    assert values["rest_note"].iloc[0] == gaps.NO_COUNTS and np.isnan(values["rest_value"].iloc[0])  # no counts: no rest
    ward_rate = {"indicator_id": "FPW:pct", "level": "Ward", "numerator_id": "FPW:poor", "denominator_id": "FPW:households"}
    beta = gaps.area_indicator_values(indicators, ward_rate, [ward], "E06", lsoas).iloc[0]
    # W2: 30 / 100; the other wards W1 and W3: (10 + 60) / (100 + 300); the wards' 500 households are the borough's
    assert (beta["value"], beta["rest_value"], beta["rest_n_areas"]) == (30.0, 17.5, 2) and beta["gap_rest"] == 12.5
    assert np.isnan(beta["gap_england"]) and "denominators" not in beta["rest_coverage"]


# --------------------------------------------------------------------------------------------
# Real data, against figures checked by hand


@pytest.fixture(scope="module")
def crosswalk() -> dict:
    return load_crosswalk()


def test_every_indicator_is_compared_with_the_total_its_own_source_publishes(compared):
    comparators = compared.groupby("indicator_id")["comparator_code"].unique().map(list)
    assert len(comparators) > 50
    # indicators/PROVENANCE.md, ons_els_la_region_england.csv: "UK appears only for child poverty, which has no England
    # row"; Fingertips life expectancy (90366) has England
    assert comparators["ELS:children-in-relative-poverty:children-in-relative-poverty-before-housing-costs"] == [UK]
    assert comparators["FT:90366"] == [ENGLAND]


@pytest.mark.parametrize("edition, n_decile_1, n_lsoas", [("2019", 25, 120), ("2025", 24, 124)])
def test_lsoas_in_the_national_ten_percent(data, edition, n_decile_1, n_lsoas):
    shares = gaps.borough_decile_shares({edition: data.lsoas(edition)}, "imd").set_index("decile")
    assert shares.loc[1, "n_lsoas"] == n_decile_1 and shares.loc[1, "n_borough"] == n_lsoas
    published = gaps.official_borough(data.lad_summaries(edition), data.lad_code, "imd")["proportion_10pct"]
    assert round(n_decile_1 / n_lsoas, 4) == published  # File 10: 0.2083 and 0.1935


def test_official_ranks_are_file_10s(data):
    # Stockton-on-Tees rows of iod2019 File 10 (IMD sheet: rank of average score 73 of 317, local concentration 24,
    # extent 0.3024) and iod2025_lad24_summaries.csv (imd_rank_of_average_score 69 of 296,
    # imd25_rank_of_local_concentration 17)
    ranks = gaps.official_ranks({k: data.lad_summaries(k) for k in EDITIONS}, data.lad_code, "imd",
                                {k: e.n_lads_england for k, e in EDITIONS.items()}).set_index(["edition", "measure"])
    assert ranks.loc[("IoD2019", "average_score"), "rank"] == 73 and ranks.loc[("IoD2019", "average_score"), "n_districts"] == 317
    assert ranks.loc[("IoD2025", "average_score"), "rank"] == 69 and ranks.loc[("IoD2025", "average_score"), "n_districts"] == 296
    assert ranks.loc[("IoD2019", "local_concentration"), "rank"] == 24 and ranks.loc[("IoD2025", "local_concentration"), "rank"] == 17
    assert ranks.loc[("IoD2019", "extent"), "value"] == pytest.approx(0.3024)


def test_priority_area_and_fifths_on_iod2019(data):
    lsoas = data.lsoas("2019")
    central, _thornaby, port = gaps.priority_area_areas(data.priority_areas(), "2019")
    summary = gaps.area_summaries(lsoas, [central, port], "imd", EDITIONS["2019"].n_lsoas_england).set_index("area")
    rows = lsoas[lsoas["lsoa_code"].isin(central.lsoa_codes)]
    by_hand = (rows["imd_score"] * rows["population"]).sum() / rows["population"].sum()
    # fsot_data/priority_areas.toml: central_stockton has 7 lsoas_2011, 5 of them imd_decile 1 in iod2019_lsoa11_assembled
    assert summary.loc["Central Stockton", "n_lsoas"] == 7 and summary.loc["Central Stockton", "n_most_deprived_10pct"] == 5
    assert summary.loc["Central Stockton", "average_score"] == pytest.approx(by_hand)
    assert summary.loc["Port Clarence", "n_most_deprived_10pct"] == 1
    most, least = gaps.fifth_areas(lsoas)
    assert len(most.lsoa_codes) == len(least.lsoa_codes) == 24
    assert lsoas.set_index("lsoa_code").loc[list(most.lsoa_codes), "imd_decile"].eq(1).all()  # 25 in decile 1 > 24
    mix = gaps.decile_mix(lsoas, [most, least], data.national("2019"), "imd", "Borough").query("role != @gaps.REST")
    mix = mix.groupby("area")["n_lsoas"]
    assert mix.sum().to_dict() == {"Most deprived fifth of the borough": 24, "Least deprived fifth of the borough": 24,
                                   "Borough": 120, gaps.COUNTRY: 32_844}


def test_ward_counts_for_the_nine_wards_claim(data):
    with_decile_1 = gaps.wards_with_decile1(data.lsoas("2019"))
    assert with_decile_1["has_decile_1"].sum() == 11  # the claims check: "11 of 26 wards contain at least one"
    table, threshold = gaps.ward_score_proxy(data.lsoas("2019"), data.national("2019"), 32_844)
    # the lowest imd_score among IMD ranks 1..3,284 (32,844 // 10) in iod2019_lsoa11_assembled.csv.gz
    assert threshold == pytest.approx(43.859)
    assert table.iloc[0]["ward_name"] == "Stockton Town Centre" and table["weighting"].iloc[0] == WEIGHTED
    # the proxy undercounts the claims check's national ranking (8 of 26), as documented
    assert table["in_top_10pct"].sum() < 8


def test_life_expectancy_gap_figures(data, compared, crosswalk):
    trend = gaps.sii_trend(compared, "Male")
    latest = trend[trend["area_role"].eq(gaps.BOROUGH)].iloc[-1]
    england = trend[trend["area_role"].eq("Comparator") & trend["period"].eq(latest["period"])].iloc[0]
    # published_claims_check.csv, LE_GAP_21Y: "SII ... Stockton-on-Tees (OHID Fingertips 92901); England = 10.4", 15.6
    # in 2022 - 24; indicators/PROVENANCE.md: rank 1 in every period from 2011-13, 3rd in 2022-24 (Middlesbrough 17.4)
    assert (latest["period"], latest["value"], england["value"]) == ("2022 - 24", 15.6, 10.4)
    ranks = gaps.sii_ranks(data.indicators(), data.lad_code, "Male")
    assert ranks.iloc[0][["period", "rank", "n_districts"]].tolist() == ["2011 - 13", 1, 291]
    assert ranks.iloc[-1][["rank", "largest_area", "largest_value"]].tolist() == [3, "Middlesbrough", 17.4]
    health = gaps.borough_against_england(compared, crosswalk, "Health")
    assert health.iloc[0]["indicator_id"] == role("life_expectancy_gap")  # the headline first
    male_sii = health[health["indicator_id"].eq(role("life_expectancy_gap")) & health["sex"].eq("Male")].iloc[0]
    assert male_sii["index_vs_comparator"] == pytest.approx(100 * 15.6 / 10.4) and male_sii["better_or_worse"] == "worse"


def test_fuel_poverty_reaggregated_over_the_whole_borough_matches_the_published_figure(data, crosswalk):
    rates = gaps.area_rate_indicators(data.indicators(), crosswalk).set_index("indicator_id")
    assert {"FP2020:pct", "FP2021:pct", "CC:rate_16_64"} <= set(rates.index)
    assert "INSOLV:Total" not in rates.index and "HB:claimants" not in rates.index  # counts are not compared
    whole = gaps.Area("all", "All LSOAs", gaps.CUSTOM, tuple(data.lsoas("2019")["lsoa_code"]))
    values = gaps.area_indicator_values(data.indicators(), rates.loc["FP2020:pct"].to_dict() | {"indicator_id": "FP2020:pct"},
                                        [whole], data.lad_code, data.lsoas("2019")).set_index("role")
    assert values.loc["Area", "value"] == pytest.approx(values.loc[gaps.BOROUGH, "value"], abs=0.01)  # 12.89%


def test_measurement_coverage_names_the_gaps(data, crosswalk):
    coverage = gaps.measurement_coverage(crosswalk, data.indicators(), data.lad_code).set_index("domain")
    assert len(coverage) == 9
    assert coverage.loc["Power", "status"] == gaps.NOT_MEASURED
    assert coverage.loc["Wealth", "status"] == gaps.PARTLY_MEASURED
    assert coverage.loc["Social and cultural networks", "status"] == gaps.PARTLY_MEASURED
    assert coverage.loc["Health", "status"] == gaps.MEASURED and coverage.loc["Health", "with_trend"] > 10
