"""The one parameter checker: names, required values, types, then each parameter's data rule.

:func:`check_values` is the whole check. It runs before any kernel starts (``tradeviz plan`` and
``tradeviz run`` check every run of a batch against its notebook's ``parameters`` cell, through
:func:`validate`), inside the kernel (a notebook's first cell calls
:func:`tradeviz.notebook.check_parameters`, which checks against the catalogue and the data),
and for a function's keyword options (:func:`check_options`). Every problem is reported at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from tradeviz.parameters.cell import parse_parameters
from tradeviz.parameters.parameter import Parameter, parameters_from_signature
from tradeviz.parameters.problems import (
    MISSING_MESSAGE,
    UNKNOWN_MESSAGE,
    WRONG_TYPE_MESSAGE,
    ParameterProblem,
    ParameterValidationError,
    choices,
)
from tradeviz.parameters.types import MISMATCH, convert

if TYPE_CHECKING:
    from tradeviz.parameters.rules import DataContext

#: The word for a declared name in messages about a function's keyword options.
OPTION = "option"
PARAMETER = "parameter"


def check_values(
    values: Mapping[str, Any],
    declared: Mapping[str, Parameter],
    *,
    data: DataContext | None = None,
    noun: str = PARAMETER,
) -> tuple[dict[str, Any], list[ParameterProblem]]:
    """Check ``values`` against ``declared``; return the accepted values and every problem.

    Names are checked first (unknown names, required parameters without a value), then types
    (see :func:`tradeviz.parameters.types.coerce`), then, in declaration order, the data rule
    of each parameter that has one. A rule that depends on a refused value does not run, so one
    mistake gives one problem.

    Parameters
    ----------
    values : Mapping
        Parameter name → value, as given.
    declared : Mapping of str to Parameter
        What may be given: a notebook's cell, the catalogue, a function's options.
    data : DataContext, optional
        What the data rules read (loaded on first use when omitted and a rule needs it).
    noun : str, optional
        ``"parameter"`` or ``"option"``, in the messages about names.

    Returns
    -------
    tuple of (dict, list of ParameterProblem)
        The values that passed, converted (ints to floats for ``float``, ISO strings to dates),
        and the problems found, empty when all is well.
    """
    accepted: dict[str, Any] = {}
    problems: list[ParameterProblem] = []
    for name, value in values.items():
        parameter = declared.get(name)
        if parameter is None:
            problems.append(_unknown(name, value, declared, noun))
            continue
        converted = convert(value, parameter.type)
        if converted is MISMATCH:
            problems.append(_wrong_type(parameter, value))
        else:
            accepted[name] = converted
    for name, parameter in declared.items():
        if parameter.required and name not in values:
            problems.append(
                ParameterProblem(
                    name,
                    MISSING_MESSAGE.replace(PARAMETER, noun),
                    expected=f"a value ({parameter.describe_type()})",
                )
            )
    ruled = [parameter for parameter in declared.values() if parameter.rule is not None]
    if ruled and data is None:
        from tradeviz.parameters.rules import DataContext

        data = DataContext()
    for parameter in ruled:
        if parameter.name not in accepted:
            continue
        problem = parameter.rule(parameter.name, accepted[parameter.name], accepted, data)
        if problem is not None:
            problems.append(problem)
            del accepted[parameter.name]
    return accepted, problems


def _unknown(
    name: str, value: Any, declared: Mapping[str, Parameter], noun: str
) -> ParameterProblem:
    """Describe an unknown name: suggest the closest declared one, list them all."""
    message = UNKNOWN_MESSAGE.replace(PARAMETER, noun)
    known = sorted(declared)
    if not known:
        return ParameterProblem(name, message, value, expected=f"no {noun}s (none are declared)")
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return ParameterProblem(name, message + hint, value, choices(known))


def _wrong_type(parameter: Parameter, value: Any) -> ParameterProblem:
    """Describe a wrong type, in terse words for files and plain words for notebooks."""
    plain = f"expected {parameter.type.in_words()}"
    example = parameter.example
    if isinstance(example, list | tuple):
        quoted = ", ".join(f'"{item}"' for item in example)
        bare = ", ".join(str(item) for item in example)
        plain += f", e.g. [{quoted}] (papermill: -y '{parameter.name}: [{bare}]')"
    return ParameterProblem(
        parameter.name,
        WRONG_TYPE_MESSAGE,
        value,
        expected=parameter.type.describe(),
        plain=plain,
    )


def validate(
    values: Mapping[str, Any],
    parameters: Mapping[str, Parameter] | str,
    *,
    where: str | None = None,
    noun: str = PARAMETER,
) -> dict[str, Any]:
    """Check values against declared parameters; raise one error listing every problem.

    Parameters
    ----------
    values : Mapping
        Parameter name → value.
    parameters : Mapping of str to Parameter, or str
        The parameters, or the source of a ``parameters`` cell.
    where : str, optional
        Where the values come from (a file, a command), put at the start of each message.
    noun : str, optional
        ``"parameter"`` or ``"option"``, in the messages about names.

    Returns
    -------
    dict
        The values, converted (ints to floats for ``float``, ISO strings to dates).

    Raises
    ------
    ParameterValidationError
        When a name is unknown, a required value is missing, a value has the wrong type or
        breaks its rule.

    Examples
    --------
    >>> validate({"year": 2020}, "year: int = 2019  # year")
    {'year': 2020}
    >>> try:
    ...     validate({"yaer": 2020}, "year: int = 2019  # year")
    ... except ParameterValidationError as error:
    ...     print(error)
    field 'yaer': unknown parameter; did you mean 'year'? (expected one of year, found 2020)
    """
    if isinstance(parameters, str):
        parameters = parse_parameters(parameters)
    accepted, problems = check_values(values, parameters, noun=noun)
    if problems:
        raise ParameterValidationError(problem.to_error(file=where) for problem in problems)
    return accepted


def check_options(
    function: Callable[..., Any], options: Mapping[str, Any], *, where: str | None = None
) -> dict[str, Any]:
    """Check options given for ``function``'s keyword-only arguments against their annotations.

    A chart's draw function declares its options as keyword-only arguments
    (``draw(ax, data, *, top_n: int = 10)``); a command line or a batch file that passes options
    to it checks them here first, with the same types and messages as notebook parameters.

    Parameters
    ----------
    function : callable
        The function whose keyword-only arguments are the options.
    options : Mapping
        Option name → value, as given.
    where : str, optional
        Where the options come from (``"tradeviz chart top_partners"``), put at the start of
        each message.

    Returns
    -------
    dict
        The options given, converted to the annotated types (defaults are not added).

    Raises
    ------
    ParameterValidationError
        Unknown options, missing required ones and values of the wrong type, one line each.

    Examples
    --------
    >>> def draw(ax, data, *, top_n: int = 10):
    ...     pass
    >>> check_options(draw, {"top_n": 5})
    {'top_n': 5}
    >>> try:
    ...     check_options(draw, {"top_n": "5"}, where="tradeviz chart x")
    ... except ParameterValidationError as error:
    ...     print(error)
    tradeviz chart x, field 'top_n': wrong type (expected int, found '5')
    """
    return validate(options, parameters_from_signature(function), where=where, noun=OPTION)
