"""Verdicts on the headline claims: the rules in fsot_data.verdicts on the real data, and the Headline claims
page opening each claim with its verdict, then the evidence, with no assessment cut short."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from fsot_data import gaps, verdicts
from fsot_data.datasets import Datasets

APP = Path(__file__).resolve().parent.parent / "app.py"


@pytest.fixture(scope="module")
def ranks() -> pd.DataFrame:
    data = Datasets()
    indicators = data.indicators()
    return pd.concat([gaps.sii_ranks(indicators, data.lad_code, sex) for sex in ("Male", "Female")], ignore_index=True)


def test_count_rule_on_each_side_of_the_claim():
    both = verdicts.count_verdict(9, {"one way": 9, "another": 9}, "wards")
    assert both.label == verdicts.SUPPORTED
    # published_claims_check.csv: 8 wards ranked among all English wards on IoD2019; 11 of 26 wards contain
    # an LSOA in England's 10% (recomputed in tests/test_gaps.py from IoD2019 File 7 and the ONS ward lookup)
    between = verdicts.count_verdict(9, {"ranked among all English wards": 8, "with an LSOA in the 10%": 11}, "of the 26 wards")
    assert between.label == verdicts.PARTLY_SUPPORTED
    assert between.reason.startswith("Official data gives 8 to 11 of the 26 wards") and "does not say how" in between.reason
    outside = verdicts.count_verdict(21, {"press ward extremes": 17, "older report": 16.4}, "years")
    assert outside.label == verdicts.NOT_SUPPORTED and "never 21" in outside.reason
    nothing = verdicts.count_verdict(21, {}, "a ward life expectancy gap (years)", nearest=("the SII for men", 15.6))
    assert nothing.label == verdicts.NOT_REPRODUCIBLE and nothing.reason.endswith("the SII for men, is 15.6.")


def test_top_rank_rule_on_the_life_expectancy_ranks(ranks):
    # Fingertips SII in life expectancy, all lower-tier districts (indicators_le_sii_all_las): Stockton-on-Tees
    # ranked 1 of 291 for men in 2011 - 13, and 3rd (men) and 2nd (women) of 292/293 in 2022 - 24
    men = ranks[ranks["sex"].eq("Male")]
    assert verdicts.top_rank_verdict(men, "2011 - 13", "gap").label == verdicts.SUPPORTED
    latest = verdicts.top_rank_verdict(ranks, "2022 - 24", "gap")
    assert latest.label == verdicts.PARTLY_SUPPORTED and latest.reason.endswith("in 2022 - 24 it ranks 2 of 293.")
    assert verdicts.top_rank_verdict(ranks, "1999 - 01", "gap").label == verdicts.NOT_REPRODUCIBLE
    never = ranks.assign(rank=ranks["rank"] + 1)
    assert verdicts.top_rank_verdict(never, "2022 - 24", "gap").label == verdicts.NOT_SUPPORTED


def test_page_opens_each_claim_with_its_verdict_then_the_evidence():
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.switch_page("pages/headline_claims.py")
    at.run()
    assert not at.exception
    expected = {"NINE_WARDS_10PCT": verdicts.PARTLY_SUPPORTED, "LE_GAP_21Y": verdicts.NOT_REPRODUCIBLE,
                "NO_HIGHER_GAP": verdicts.PARTLY_SUPPORTED, "GREATEST_MALE_INEQ_2015": verdicts.SUPPORTED}
    texts = list(in_order(at.main))
    for claim_id, label in expected.items():
        assert any(f"Verdict: {label}." in text for _, text in texts), (claim_id, label)
    # each claim's heading is followed by its verdict, before any chart card or evidence table of that claim
    for position, (kind, text) in enumerate(texts):
        if kind in ("header", "subheader") and text.startswith("“"):
            assert "Verdict:" in texts[position + 1][1], (text, texts[position + 1])
    # the assessments are whole: a static table, not a grid that cuts long text
    # (published_claims_check.csv, NINE_WARDS_10PCT, IoD2019 row)
    assert any("Norton North, is just outside (rank 733 of 7,180 = 10.2%)" in str(t.value.to_dict()) for t in at.table)


def in_order(node):
    """(element type, text) of every element under `node`, depth first, as they appear on the page."""
    for child in getattr(node, "children", {}).values():
        kind = getattr(child, "type", "")
        if kind in ("markdown", "header", "subheader", "caption"):
            yield kind, child.value
        elif kind in ("arrow_vega_lite_chart", "table", "dataframe"):
            yield kind, ""
        yield from in_order(child)
