"""Charts fed by the checks: real claims, verdicts and incomplete_vintage flags."""

import json

import pandas as pd
import pytest
from matplotlib.colors import to_hex

from tradeviz import schema
from tradeviz.charts import base, composition, info, shares, style, trade_lines
from tradeviz.charts import claims as claims_chart

checks = pytest.importorskip("tradeviz.checks")
DOCUMENT = "neo-2021-07-20"


@pytest.fixture(scope="module")
def claims():
    return checks.load_claims(DOCUMENT)


@pytest.fixture(scope="module")
def verdicts(real_results):
    """The document's verdicts, from the session's check of the real data."""
    verdicts = real_results.verdicts
    return verdicts[verdicts["document"] == DOCUMENT].reset_index(drop=True)


@pytest.fixture(scope="module")
def flags(real_results):
    return real_results.flags


def test_the_documents_claimed_shares_are_drawn_at_their_years(figures, claims, draw_chart):
    ax = draw_chart(shares, figures, claims=claims)
    stated = claims[claims["measure"] == "partner_share"]
    drawn = sorted(
        (line.get_xdata()[0], line.get_ydata()[0])
        for line in ax.get_lines()
        if line.get_marker() == "D"
    )
    assert drawn == sorted(
        zip(stated["period_end"].dt.year, pd.to_numeric(stated["stated_value"]), strict=True)
    )
    assert DOCUMENT in base.source_note(ax)


def test_flagged_years_are_hatched_in_the_composition(figures, flags, draw_chart):
    ax = draw_chart(composition, figures, year=None, flags=flags)
    mine = flags[
        (flags["partner"] == "CHN")
        & (flags["flow"] == "exports")
        & (flags["classification"] == "HS4")
    ]
    expected = set(pd.to_datetime(mine[schema.PERIOD_START]).dt.year)
    hatched = {round(b.get_x() + b.get_width() / 2) for b in ax.patches if b.get_hatch()}
    assert expected and hatched == expected
    assert len(info.get(ax).flagged) == len(expected)


def test_flags_on_product_lines_do_not_mark_totals(figures, flags, draw_chart):
    ax = draw_chart(trade_lines, figures, flags=flags)
    assert info.get(ax).flagged == []
    assert "Completeness flags not computed" not in base.source_note(ax)


def test_claims_chart_colours_each_claim_by_its_verdict(figures, verdicts, draw_chart):
    ax = draw_chart(claims_chart, figures, document=DOCUMENT, verdicts=verdicts)
    labels = ax.get_yticklabels()
    checked = verdicts[verdicts["verdict"].isin(["consistent", "inconsistent"])]
    assert len(labels) == len(checked)
    for tick, verdict in zip(labels, checked["verdict"], strict=True):
        assert to_hex(tick.get_color()) == style.VERDICT_COLOURS[verdict].lower()
    unchecked = len(verdicts) - len(checked)
    assert f"Could not be checked ({unchecked})" in base.source_note(ax)
    assert "Source:" in base.source_note(ax)


def _first_reference(raw) -> float:
    """The first numeric official figure of a verdict, read from its references JSON."""
    values = [item["value"] for item in json.loads(raw or "[]") if item.get("value") is not None]
    return float(values[0]) if values else float("nan")


def test_claims_chart_table_gives_stated_official_unit_tolerance(figures, verdicts, draw_chart):
    ax = draw_chart(claims_chart, figures, document=DOCUMENT, verdicts=verdicts)
    table = info.get(ax).table.set_index("claim_id")
    assert list(table.index) == list(verdicts["claim_id"])
    for row in verdicts.to_dict("records"):
        drawn = table.loc[row["claim_id"]]
        assert drawn["unit"] == row["unit"]
        for column, expected in (
            ("stated", row["stated_quantity"]),
            ("official", _first_reference(row["references"])),
            ("tolerance_low", row["tolerance_low"]),
            ("tolerance_high", row["tolerance_high"]),
        ):
            assert drawn[column] == pytest.approx(expected, nan_ok=True), (row["claim_id"], column)


def test_claims_chart_draws_the_share_claim_in_percent(figures, verdicts, draw_chart):
    ax = draw_chart(claims_chart, figures, document=DOCUMENT, verdicts=verdicts)
    checked = verdicts[verdicts["verdict"].isin(["consistent", "inconsistent"])]
    row = checked[checked["claim_id"].str.contains("share-exports")].iloc[0]
    position = list(checked["claim_id"]).index(row["claim_id"])
    dots = [
        line
        for line in ax.get_lines()
        if len(line.get_xdata()) == 1 and line.get_ydata()[0] == position
    ]
    stated = [d.get_xdata()[0] for d in dots if to_hex(d.get_markerfacecolor()) == "#ffffff"]
    official = [d.get_xdata()[0] for d in dots if to_hex(d.get_markerfacecolor()) != "#ffffff"]
    # positions on a scale from zero: official / stated as the verdict's figures have it
    reference = row["reference_value"]
    assert pytest.approx(reference / row["stated_quantity"]) in [x / stated[0] for x in official]
    texts = {t.get_text() for t in ax.texts}
    assert f"stated {row['stated_quantity']:.0f} %" in texts
    assert any(t.startswith(f"official {reference:.1f} %") for t in texts)


def test_claims_chart_of_a_document_with_no_checked_claim_says_so(figures, verdicts, draw_chart):
    unchecked = verdicts.assign(verdict="unverifiable", detail="no_data")
    data = claims_chart.data(figures, document=DOCUMENT, verdicts=unchecked)
    assert data.marks.empty
    assert len(data.table) == len(verdicts)
    assert f"None of the document's {len(verdicts)} claims" in data.context["empty"]
    ax = draw_chart(claims_chart, figures, document=DOCUMENT, verdicts=unchecked)
    assert any(data.context["empty"] == text.get_text() for text in ax.texts)
