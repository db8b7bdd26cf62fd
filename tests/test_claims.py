"""fsot_data/claims.py: the framework's claim figures come from claims.toml, and a broken entry says which."""

from __future__ import annotations

import pytest

from datafiles.errors import DataProblem
from fsot_data.claims import read_claim_figures


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
