"""Parameter checks: types, domains from the data, one clear line per problem."""

from __future__ import annotations

import pytest

from tradeviz.errors import InputError, TradevizError
from tradeviz.notebook import PARAMETER_TYPES, ParameterError, check_parameters, domain

CHOICES = "valid choices: CHN, ITA, RUS"
PAIR = {"reporter": "KAZ", "partner": "CHN"}


def problem_text(error: pytest.ExceptionInfo) -> str:
    return str(error.value)


def test_valid_parameters_are_returned_in_order(small_figures):
    given = dict(reporter="KAZ", partner="CHN", year=2020, flow="exports", top_n=5)
    assert check_parameters(small_figures, **given) == given


@pytest.mark.parametrize(
    ("given", "name", "fragments"),
    [
        ({"partner": "XXX"}, "partner", ["not an ISO 3166 alpha-3 country code", "CHN, ITA, RUS"]),
        (
            {"partner": "DEU"},
            "partner",
            ["no trade figures of KAZ with this country", "CHN, ITA, RUS"],
        ),
        ({"partner": "rus"}, "partner", ["did you mean 'RUS'?"]),
        ({"partner": "Russia"}, "partner", ["did you mean 'RUS'?"]),
        ({"year": 2030}, "year", ["no annual data for KAZ–CHN exports", "2019–2020"]),
        ({"year": "2020"}, "year", ["expected a whole number (int)"]),
        ({"year": True}, "year", ["expected a whole number (int)"]),
        ({"year": 2020.0}, "year", ["expected a whole number (int)"]),
        ({"flow": "turnover"}, "flow", ["valid choices: exports, imports"]),
        ({"top_n": 0}, "top_n", ["out of range", "1–30"]),
    ],
)
def test_bad_trade_parameter_names_itself_and_the_choices(small_figures, given, name, fragments):
    params = dict(reporter="KAZ", partner="CHN", year=2020, flow="exports", top_n=5) | given
    with pytest.raises(ParameterError) as error:
        check_parameters(small_figures, **params)
    text = problem_text(error)
    assert text.startswith(f"parameter {name!r}: ")
    assert "\n" not in text
    for fragment in fragments:
        assert fragment in text
    assert len(error.value.problems) == 1  # no follow-on noise from other parameters


def test_aggregates_and_the_reporter_itself_are_not_partners(small_figures):
    assert domain.trade_partners(small_figures, "KAZ") == ["CHN", "ITA", "RUS"]
    with pytest.raises(ParameterError, match="'EAEU'"):
        check_parameters(small_figures, reporter="KAZ", partner="EAEU")


def test_reporter_without_statistical_tables_is_refused(small_figures):
    # China appears only through a press statement: no world total to compute shares with
    with pytest.raises(ParameterError) as error:
        check_parameters(small_figures, reporter="CHN", partner="KAZ", year=2021)
    assert [p.name for p in error.value.problems] == ["reporter"]
    assert "valid choices: KAZ" in str(error.value)


def test_year_depends_on_the_pair_and_flow(small_figures):
    assert domain.trade_years(small_figures, "KAZ", "CHN", "imports") == [2019, 2020]
    assert domain.trade_years(small_figures, "KAZ", "RUS") == [2019]
    with pytest.raises(ParameterError, match="2019"):
        check_parameters(small_figures, reporter="KAZ", partner="RUS", year=2020)


def test_every_problem_is_reported_at_once(small_figures):
    with pytest.raises(ParameterError) as error:
        check_parameters(small_figures, reporter="KAZ", partner="XXX", flow="both", top_n="ten")
    assert {p.name for p in error.value.problems} == {"partner", "flow", "top_n"}
    assert str(error.value).count("parameter ") == 3


def test_span_parameters(small_figures):
    check_parameters(small_figures, **PAIR, start_year=1995, end_year=2019)
    with pytest.raises(ParameterError, match="ends before start_year 2020"):
        check_parameters(
            small_figures, reporter="KAZ", partner="CHN", start_year=2020, end_year=2019
        )
    with pytest.raises(ParameterError, match="a span that includes one of 2019–2020"):
        check_parameters(
            small_figures, reporter="KAZ", partner="CHN", start_year=2000, end_year=2010
        )


def test_investment_parameters(small_figures):
    assert domain.fdi_hosts(small_figures) == ["KAZ"]
    assert domain.fdi_investors(small_figures, "KAZ") == ["CHN"]
    # a cumulative figure covers every year of its span; an undated start covers its end year
    assert domain.fdi_years(small_figures, "KAZ", "CHN") == [*range(2005, 2018), 2023]
    check_parameters(small_figures, investor="CHN", host="KAZ", start_year=2005, end_year=2025)
    with pytest.raises(ParameterError, match="parameter 'investor'.*valid choices: CHN"):
        check_parameters(small_figures, investor="USA", host="KAZ")
    with pytest.raises(ParameterError, match="2005–2017, 2023"):
        check_parameters(small_figures, investor="CHN", host="KAZ", start_year=2018, end_year=2022)


def test_perspectives_documents_and_sources(small_figures):
    check_parameters(
        small_figures,
        perspectives=["KAZ", "CHN"],
        documents=["neo-2021-07-20"],
        document="neo-2021-07-20",
        source="all",
    )
    with pytest.raises(ParameterError, match="expected a list of text values"):
        check_parameters(small_figures, perspectives="KAZ")
    with pytest.raises(ParameterError, match="no statistics of 'RUS'.*valid choices: CHN, KAZ"):
        check_parameters(small_figures, perspectives=["KAZ", "RUS"])
    with pytest.raises(ParameterError, match="at least one"):
        check_parameters(small_figures, perspectives=[])
    with pytest.raises(ParameterError, match="valid choices: neo-2021-07-20"):
        check_parameters(small_figures, document="neo-2021", documents=["neo-2021-07-20"])
    with pytest.raises(ParameterError, match="valid choices: all, bns_annual, statements"):
        check_parameters(small_figures, source="gacc")


def test_unknown_parameter_name_is_an_error(small_figures):
    with pytest.raises(ParameterError, match="parameter 'yaer': unknown parameter"):
        check_parameters(small_figures, yaer=2020)


def test_error_is_an_input_error_rendered_as_one_line_in_ipython():
    with pytest.raises(ParameterError) as error:
        check_parameters(flow="x")
    assert isinstance(error.value, InputError)
    assert isinstance(error.value, TradevizError) and error.value.exit_code == 2
    lines = error.value._render_traceback_()
    assert len(lines) == 1
    assert "ParameterError" in lines[0] and "parameter 'flow'" in lines[0]


def test_long_choice_lists_are_cut_and_counted(small_figures):
    many = [f"doc-{i:03d}" for i in range(100)]
    with pytest.raises(ParameterError) as error:
        check_parameters(document="nope", documents=many)
    assert "doc-039, … (60 more)" in str(error.value)


def test_types_cover_the_shared_parameter_names():
    assert set(PARAMETER_TYPES) == {
        "document",
        "perspectives",
        "reporter",
        "partner",
        "year",
        "flow",
        "top_n",
        "ytd_months",
        "investor",
        "host",
        "start_year",
        "end_year",
        "source",
        "output_dir",
    }


def test_docstring_examples_run():
    import doctest

    from tradeviz.parameters import catalogue, check, parameter, problems, types

    for module in (catalogue, check, parameter, problems, types):
        assert doctest.testmod(module).failed == 0, module.__name__


# --- one test per rule of the catalogue ---------------------------------------------------------
def test_rule_output_dir_refuses_a_blank_path():
    check_parameters(output_dir="figures")
    with pytest.raises(ParameterError, match="parameter 'output_dir': expected a directory path"):
        check_parameters(output_dir="  ")


def test_rule_flow_accepts_exports_and_imports_only():
    for flow in ("exports", "imports"):
        check_parameters(flow=flow)
    with pytest.raises(ParameterError, match="valid choices: exports, imports"):
        check_parameters(flow="turnover")


def test_rule_top_n_is_between_one_and_thirty():
    check_parameters(top_n=1)
    check_parameters(top_n=30)
    with pytest.raises(ParameterError, match="out of range.*1–30"):
        check_parameters(top_n=31)


def test_rule_ytd_months_is_a_number_of_months():
    check_parameters(ytd_months=1)
    check_parameters(ytd_months=12)
    for months in (0, 13):
        with pytest.raises(ParameterError, match="not a number of months.*1–12"):
            check_parameters(ytd_months=months)


def test_rule_source_is_all_or_a_source_in_the_figures(small_figures):
    present = sorted(set(small_figures["source"]))
    for source in ["all", *present]:
        check_parameters(small_figures, source=source)
    with pytest.raises(ParameterError, match="unknown source"):
        check_parameters(small_figures, source="wits")  # a source the schema knows, not here


def test_rule_document_needs_claims_on_file():
    check_parameters(document="b", documents=["a", "b"])
    with pytest.raises(ParameterError, match="no claims on file.*valid choices: a, b"):
        check_parameters(document="c", documents=["b", "a"])


def test_rule_perspectives_are_countries_with_statistics(small_figures):
    check_parameters(small_figures, perspectives=("KAZ",))  # a tuple is a list here
    with pytest.raises(ParameterError, match="no statistics of 'USA'"):
        check_parameters(small_figures, perspectives=["USA"])


def test_rule_reporter_must_publish_trade_with_the_world(small_figures):
    with pytest.raises(ParameterError, match="country codes are upper-case"):
        check_parameters(small_figures, reporter="kaz")
    with pytest.raises(ParameterError, match="no official trade statistics of this country"):
        check_parameters(small_figures, reporter="DEU")


def test_rule_partner_is_not_checked_when_the_reporter_is_bad(small_figures):
    with pytest.raises(ParameterError) as error:
        check_parameters(small_figures, reporter="XXX", partner="YYY")
    assert [p.name for p in error.value.problems] == ["reporter"]


def test_rule_host_must_have_investment_figures(small_figures):
    check_parameters(small_figures, host="KAZ")
    with pytest.raises(ParameterError, match="no investment figures for this host country"):
        check_parameters(small_figures, host="CHN")


def test_rule_investor_depends_on_the_host(small_figures):
    with pytest.raises(ParameterError) as error:
        check_parameters(small_figures, host="CHN", investor="USA")
    assert [p.name for p in error.value.problems] == ["host"]


def test_rule_year_of_an_investment_pair(small_figures):
    check_parameters(small_figures, host="KAZ", investor="CHN", year=2023)
    with pytest.raises(ParameterError, match="no annual data for investment of CHN in KAZ"):
        check_parameters(small_figures, host="KAZ", investor="CHN", year=2020)


def test_rule_end_year_without_a_pair_checks_the_order_only(small_figures):
    check_parameters(small_figures, start_year=1990, end_year=1991)
    with pytest.raises(ParameterError, match="ends before start_year 1992"):
        check_parameters(small_figures, start_year=1992, end_year=1991)


def test_the_catalogue_declares_each_shared_name_once_with_type_help_and_rule():
    from tradeviz.parameters import CATALOGUE

    assert list(CATALOGUE) == list(PARAMETER_TYPES)
    for name, parameter in CATALOGUE.items():
        assert parameter.help, name
        assert parameter.annotation == str(PARAMETER_TYPES[name]).removeprefix(
            "<class '"
        ).removesuffix("'>")
    assert CATALOGUE["start_year"].rule is None  # checked through end_year
    assert all(CATALOGUE[name].rule for name in set(CATALOGUE) - {"start_year"})


def test_every_notebook_declares_shared_names_with_the_catalogue_types():
    from pathlib import Path

    from tradeviz.parameters import CATALOGUE, read_notebook_parameters

    notebooks = sorted((Path(__file__).parents[2] / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        for name, parameter in read_notebook_parameters(path).items():
            assert name in CATALOGUE, (path.name, name)
            assert parameter.annotation == CATALOGUE[name].annotation, (path.name, name)


def test_chart_options_are_checked_with_the_types_of_the_data_functions():
    from tradeviz.charts.registry import get_chart, list_charts
    from tradeviz.parameters import (
        ParameterValidationError,
        check_options,
        parameters_from_signature,
    )

    for spec in list_charts():
        options = parameters_from_signature(spec.data)
        assert set(spec.defaults) <= set(options), spec.name  # every registered option is typed
        assert not any(option.required for option in options.values()), spec.name
    data = get_chart("top_partners").data
    assert check_options(data, {"top_n": 5, "highlight": None}) == {"top_n": 5, "highlight": None}
    with pytest.raises(ParameterValidationError) as caught:
        check_options(data, {"top_n": "5", "months": 4}, where="tradeviz chart top_partners")
    assert caught.value.lines()[0] == (
        "tradeviz chart top_partners, field 'top_n': wrong type (expected int, found '5')"
    )
    assert "field 'months': unknown option" in caught.value.lines()[1]
