"""fsot_data/claims.py: the framework's claim figures come from claims.toml, and a broken entry says which."""

from __future__ import annotations

import pytest

from datafiles.errors import DataProblem
from fsot_data.claims import (
    lsoa_share_finding,
    ranked_ward_counts,
    read_claim_figures,
    ward_claim_finding,
    ward_count_methods,
    ward_counts,
)
from fsot_data.editions import EDITIONS


def test_the_shipped_claims_are_the_frameworks_numbers():
    figures = read_claim_figures()
    # A Fairer Stockton-on-Tees (https://stockton.gov.uk/a-fairer-stockton-on-tees), as quoted in the claim column
    # of indicators/published_claims_check.csv: nine wards in England's most deprived 10%; a 21-year gap in male
    # life expectancy
    assert (figures["NINE_WARDS_10PCT"].value, figures["NINE_WARDS_10PCT"].unit) == (9, "wards")
    assert (figures["LE_GAP_21Y"].value, figures["LE_GAP_21Y"].words) == (21, "21 years")


def test_a_claim_without_a_number_is_refused_by_name(tmp_path):
    path = tmp_path / "claims.toml"
    path.write_text('[claims.NINE_WARDS_10PCT]\nvalue = "nine"\nunit = "wards"\nwords = "nine wards"\n', encoding="utf-8")
    with pytest.raises(DataProblem, match=r"\[claims.NINE_WARDS_10PCT\] needs a numeric `value`"):
        read_claim_figures(path)


def test_ward_and_lsoa_findings_on_the_built_tables(data):
    counts = ward_counts({k: data.lsoas(k) for k in EDITIONS}, {k: data.national(k) for k in EDITIONS},
                         {k: data.lad_summaries(k) for k in EDITIONS}, data.lad_code)
    ranked = ranked_ward_counts(data.claims())
    # published_claims_check.csv, NINE_WARDS_10PCT rows with evidence_period IoD2019 / IoD2025: 8 and 10 wards
    assert ranked == {"2019": 8, "2025": 10}
    methods = ward_count_methods(counts, ranked)
    assert len(methods) == 6 and set(methods["edition"]) == {"IoD2019", "IoD2025"}
    # imd_decile == 1 in iod2019_lsoa11_assembled.csv.gz (120 Stockton LSOAs) and iod2025_lsoa21_assembled.csv.gz
    # (124): 25 and 24, as File 10's proportions 0.2083 and 0.1935 say
    text = lsoa_share_finding(counts)
    assert "25 of 120 (20.8%) on IoD2019 and 24 of 124 (19.4%) on IoD2025" in text
    assert "20.83% (IoD2025)" not in text and "19.35% (IoD2025)" in text
    finding = ward_claim_finding(counts, ranked, read_claim_figures()["NINE_WARDS_10PCT"])
    assert "8 of 26 on IoD2019; 10 of 27 on IoD2025" in finding and "27 wards, not 26" in finding
