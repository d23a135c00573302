import pytest

from tradeviz.charts import style
from tradeviz.errors import InputError
from tradeviz.text import format_money, format_percent


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (9.4e9, "$9.4 bn"),
        (1.0e10, "$10 bn"),
        (8.17e8, "$817 m"),
        (-1.2e9, "\u2212$1.2 bn"),
        (4.382e10, "$43.8 bn"),
        (2.5e12, "$2.5 tn"),
        (float("nan"), "n/a"),
    ],
)
def test_format_usd(value, text):
    assert format_money(value, style="chart") == text


def test_format_usd_in_a_fixed_unit_and_pct():
    assert format_money(5e9, style="chart", unit=1e9) == "$5 bn"
    assert format_money(0, style="chart", unit=1e9) == "$0 bn"
    assert format_percent(19.81579, style="chart") == "19.8 %"
    assert format_percent(-4.41, signed=True, style="chart") == "\u22124.4 %"
    assert format_percent(2.0, signed=True, style="chart") == "+2.0 %"
    assert style.usd_formatter(1e9)(5, 0) == "$5 bn"


def test_sizes_and_unknown_size():
    figure, ax = style.new_figure("print")
    assert tuple(figure.get_size_inches()) == style.SIZES["print"]
    assert not ax.spines["top"].get_visible()
    with pytest.raises(InputError, match="size"):
        style.new_figure("poster")


def test_every_perspective_and_flow_has_a_colour():
    assert set(style.FLOW_COLOURS) >= {"exports", "imports", "turnover"}
    assert set(style.PERSPECTIVE_COLOURS) >= {"KAZ", "CHN", "unattributed"}
    assert set(style.VERDICT_COLOURS) == {"consistent", "inconsistent", "unverifiable"}
    assert min(style.EXPORT_DPI.values()) >= 200
