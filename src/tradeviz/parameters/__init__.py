"""Notebook parameters: declare them, check values against them, say what is wrong in one line.

One checker (:func:`check_values`) serves three callers:

- the runner, before any kernel starts: ``tradeviz plan`` and ``tradeviz run`` check every run
  of ``reports.yaml`` against its notebook's ``parameters`` cell (read with :mod:`ast`, no
  kernel: :func:`parse_parameters`), and ``tradeviz inspect`` shows that cell;
- the notebook, inside the kernel: its first code cell calls :func:`check_parameters`, which
  checks the values against the :data:`CATALOGUE` of shared names and the data (a partner must
  have figures with the reporter, a year must have data for the pair);
- a function's keyword options, such as a chart's (:func:`check_options`).

The modules: :mod:`~tradeviz.parameters.types` (annotations and conversion),
:mod:`~tradeviz.parameters.parameter` (one declared parameter),
:mod:`~tradeviz.parameters.cell` (the parameters cell), :mod:`~tradeviz.parameters.check` (the
checker), :mod:`~tradeviz.parameters.problems` (the messages),
:mod:`~tradeviz.parameters.catalogue` and :mod:`~tradeviz.parameters.rules` (the shared names
and their data rules), :mod:`~tradeviz.parameters.values` (values as JSON),
:mod:`~tradeviz.parameters.policy` (the two switches).

Importing this package loads only the standard library; the catalogue and its data rules (and
pandas with them) load when :data:`CATALOGUE`, :data:`PARAMETER_TYPES` or
:func:`check_parameters` is first used.
"""

from __future__ import annotations

from typing import Any

from tradeviz.parameters.cell import (
    INJECTED_TAG,
    PARAMETERS_TAG,
    CellReading,
    UnparseableCellError,
    cell_source,
    find_parameters_cell,
    parse_parameters,
    read_notebook_json,
    read_notebook_parameters,
    read_parameters_cell,
)
from tradeviz.parameters.check import check_options, check_values, validate
from tradeviz.parameters.parameter import (
    NOT_A_LITERAL,
    REQUIRED,
    Parameter,
    parameters_from_signature,
)
from tradeviz.parameters.policy import POLICY, Policy
from tradeviz.parameters.problems import (
    MISSING_MESSAGE,
    ParameterError,
    ParameterProblem,
    ParameterValidationError,
)
from tradeviz.parameters.types import TypeSpec, coerce, parse_annotation, spec_from_type
from tradeviz.parameters.values import (
    canonical_json,
    format_value,
    from_json_value,
    to_json_value,
)

#: Names served from :mod:`tradeviz.parameters.catalogue`, imported on first use.
_CATALOGUE_NAMES = frozenset({"CATALOGUE", "PARAMETER_TYPES", "check_parameters"})


def __getattr__(name: str) -> Any:
    if name in _CATALOGUE_NAMES:
        from tradeviz.parameters import catalogue

        return getattr(catalogue, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CATALOGUE",
    "CellReading",
    "INJECTED_TAG",
    "MISSING_MESSAGE",
    "NOT_A_LITERAL",
    "PARAMETERS_TAG",
    "PARAMETER_TYPES",
    "POLICY",
    "REQUIRED",
    "Parameter",
    "ParameterError",
    "ParameterProblem",
    "ParameterValidationError",
    "Policy",
    "TypeSpec",
    "UnparseableCellError",
    "canonical_json",
    "cell_source",
    "check_options",
    "check_parameters",
    "check_values",
    "coerce",
    "find_parameters_cell",
    "format_value",
    "from_json_value",
    "parameters_from_signature",
    "parse_annotation",
    "parse_parameters",
    "read_notebook_json",
    "read_notebook_parameters",
    "read_parameters_cell",
    "spec_from_type",
    "to_json_value",
    "validate",
]
