"""What is wrong with a parameter value, and the two ways of telling it.

One :class:`ParameterProblem` is written two ways, for two readers:

- in a batch file or on the command line, as the project's one-line input error naming the file,
  the run, the field, what was expected and what was found (:meth:`ParameterProblem.to_error`,
  gathered in a :class:`ParameterValidationError`)::

      reports.yaml, row run trade_shares/x, field 'year': wrong type (expected int, found '2020')

- in a notebook, as one line naming the parameter, the value and the valid choices, which
  Jupyter shows instead of a traceback (``str(problem)``, gathered in a :class:`ParameterError`)::

      ParameterError: parameter 'flow': not a flow the notebook can show (found 'export'; valid
      choices: exports, imports)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tradeviz.errors import InputError

#: The ``found`` of a problem about a value that was not given.
NOTHING: Any = InputError._MISSING
MISSING_MESSAGE = "required parameter has no value"
WRONG_TYPE_MESSAGE = "wrong type"
UNKNOWN_MESSAGE = "unknown parameter"
#: At most this many choices are listed in a message; the rest are counted.
MAX_CHOICES_SHOWN = 40
#: ANSI colours of the error name in a notebook (JupyterLab and the terminal render them).
_RED, _RESET = "\x1b[0;31m", "\x1b[0m"


@dataclass(frozen=True)
class ParameterProblem:
    """One problem with a value given for a parameter.

    Attributes
    ----------
    name : str
        The parameter, as given.
    message : str
        What is wrong (``"wrong type"``, ``"out of range"``).
    found : Any
        The value given (:data:`NOTHING` when none was).
    choices : str
        The valid values, written out (``"exports, imports"``, ``"1995–2022"``), if they can
        be listed.
    expected : str
        What a valid value looks like, when it is a kind rather than a list (``"int"``).
    plain : str
        The problem in plain words for a notebook's reader, when ``message`` is terse
        (``"expected a whole number (int)"``).
    """

    name: str
    message: str
    found: Any = NOTHING
    choices: str = ""
    expected: str = ""
    plain: str = ""

    def to_error(self, *, file: Any = None, row: Any = None) -> InputError:
        """Return the problem as an :class:`InputError` located in ``file`` at ``row``."""
        expected = self.expected or (f"one of {self.choices}" if self.choices else None)
        return InputError(
            self.message, file=file, row=row, field=self.name, expected=expected, found=self.found
        )

    def __str__(self) -> str:
        """Return the notebook's line: ``parameter 'x': what (found …; valid choices: …)``."""
        details = [] if self.found is NOTHING else [f"found {self.found!r}"]
        if self.choices and not self.plain:
            details.append(f"valid choices: {self.choices}")
        text = f"parameter {self.name!r}: {self.plain or self.message}"
        return text + (f" ({'; '.join(details)})" if details else "")


class ParameterValidationError(InputError):
    """Values that do not fit the declared parameters: every problem, one line each.

    Parameters
    ----------
    problems : sequence of InputError
        One located error per problem, at least one.
    """

    def __init__(self, problems: Iterable[InputError]) -> None:
        self.problems: tuple[InputError, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("ParameterValidationError needs at least one problem")
        first = self.problems[0]
        super().__init__(first.message, file=first.file, row=first.row, field=first.field)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in getattr(self, "problems", ()))

    def lines(self) -> list[str]:
        """Return one line per problem."""
        return [str(problem) for problem in self.problems]


class ParameterError(InputError):
    """A notebook's parameters do not fit; shown in a notebook as one line, never a traceback.

    IPython calls an exception's ``_render_traceback_`` to draw it, and papermill copies that
    line into its ``PapermillExecutionError`` and exits non-zero.

    Parameters
    ----------
    problems : sequence of ParameterProblem
        Every problem found, at least one.
    """

    def __init__(self, problems: Iterable[ParameterProblem]) -> None:
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("ParameterError needs at least one problem")
        first = self.problems[0]
        super().__init__(first.message, field=first.name, expected=first.choices, found=first.found)

    def __str__(self) -> str:
        return "; ".join(str(problem) for problem in self.problems)

    def _render_traceback_(self) -> list[str]:
        """Return the lines IPython shows in place of a traceback (one line)."""
        return [f"{_RED}{type(self).__name__}{_RESET}: {self}"]


def choices(values: Iterable[Any]) -> str:
    """Write choices as ``"a, b, c"``, naming how many more when there are too many.

    Examples
    --------
    >>> choices(["exports", "imports"])
    'exports, imports'
    """
    values = [str(v) for v in values]
    if not values:
        return "none in the data"
    shown = values[:MAX_CHOICES_SHOWN]
    text = ", ".join(shown)
    if len(values) > len(shown):
        text += f", … ({len(values) - len(shown)} more)"
    return text


def year_ranges(years: Sequence[int]) -> str:
    """Write sorted years as ranges.

    Examples
    --------
    >>> year_ranges([1995, 1996, 1997, 2022])
    '1995–1997, 2022'
    """
    if not years:
        return "none in the data"
    runs: list[list[int]] = [[years[0], years[0]]]
    for year in years[1:]:
        if year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)
