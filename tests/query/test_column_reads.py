"""Column-wide reads of per-row rules: quoted sources, the rank of a vintage."""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.query.sources import is_quoted, is_quoted_each
from tradeviz.query.vintages import release_rank, vintage_rank
from tradeviz.vocabulary import QUOTED_SOURCES


def test_quoted_sources_of_a_column_are_those_of_each_name(figures):
    sources = figures[schema.SOURCE]
    found = is_quoted_each(sources)
    assert found.tolist() == [is_quoted(name) for name in sources.tolist()]
    assert found.any() and not found.all()
    names = pd.Series([QUOTED_SOURCES[0], "wits", None], dtype="str")
    assert is_quoted_each(names).tolist() == [True, False, False]


def test_vintage_rank_orders_by_release_then_vintage(figures):
    rows = figures.iloc[::11]
    rank = vintage_rank(rows)
    releases = [release_rank(r) for r in rows[schema.RELEASE].tolist()]
    vintages = sorted(set(rows[schema.VINTAGE].dropna().astype(str)))
    expected = [
        (release, vintages.index(vintage))
        for release, vintage in zip(releases, rows[schema.VINTAGE].astype(str), strict=True)
    ]
    # Higher rank exactly when (release, vintage) is later, for every pair of rows.
    order = sorted(range(len(rows)), key=lambda i: rank[i])
    keys = [expected[i] for i in order]
    assert keys == sorted(keys)
    assert len(set(rank.tolist())) == len(set(expected))


def test_a_missing_release_is_ranked_as_unknown():
    rows = pd.DataFrame(
        {
            schema.VINTAGE: ["2024-01", "2024-01"],
            schema.RELEASE: pd.array([None, "unknown"], dtype="str"),
        }
    )
    rank = vintage_rank(rows)
    assert rank[0] == rank[1]


def test_kept_rows_equal_a_boolean_filter_and_are_the_callers_own(figures):
    from tradeviz.query.rows import kept_rows

    part = figures.iloc[:50]
    some = (part[schema.FLOW] == part[schema.FLOW].iloc[0]).to_numpy()
    assert 0 < some.sum() < len(part)
    pd.testing.assert_frame_equal(kept_rows(part, some), part[some])
    everything = kept_rows(part, [True] * len(part))
    pd.testing.assert_frame_equal(everything, part)
    assert everything is not part
    everything[schema.VALUE] = 0.0  # the caller's own: the table is left as it was
    assert not (part[schema.VALUE] == 0.0).all()
