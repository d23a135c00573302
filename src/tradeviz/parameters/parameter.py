"""One declared parameter: its name, type, default, help and (for the shared names) data rule.

A :class:`Parameter` comes from one of three places, and the checker treats them alike:

- a notebook's ``parameters`` cell (:func:`tradeviz.parameters.parse_parameters`);
- the catalogue of names the notebooks share (:data:`tradeviz.parameters.CATALOGUE`), which adds
  the rule a value must meet in the data;
- the keyword-only arguments of a function, such as a chart's draw function
  (:func:`parameters_from_signature`).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tradeviz.parameters.types import ANY, TypeSpec, parse_annotation, spec_from_type

#: The default that marks a parameter as required: ``name: str = ...``.
REQUIRED = Ellipsis


class _Marker:
    """A named placeholder default (shown by its name in reprs)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


#: Default of a parameter whose default is an expression the parser does not evaluate.
NOT_A_LITERAL = _Marker("<expression>")
#: Default of a catalogue entry: the catalogue states no default (each notebook has its own).
UNSET = _Marker("<unset>")

#: A line ``name : type`` opening a parameter's entry in a numpy-style docstring.
_DOC_ENTRY = re.compile(r"^(?P<indent>\s*)(?P<names>[\w, ]+?)\s*:\s*\S")


@dataclass(frozen=True)
class Parameter:
    """One declared parameter.

    Attributes
    ----------
    name : str
        The variable name.
    annotation : str
        The annotation as written (``""`` when none).
    default : Any
        The default value; :data:`REQUIRED` (``...``) when the parameter is required,
        :data:`NOT_A_LITERAL` when the default is an expression that is not a literal,
        :data:`UNSET` for a catalogue entry.
    default_source : str
        The default as written.
    help : str
        What the parameter means (a cell's trailing comment, without ``#``).
    line : int
        Line of the assignment in the cell (1-based; 0 elsewhere).
    type : TypeSpec
        The type values are checked against.
    rule : callable, optional
        The check of a value against the data (catalogue entries only): see
        :mod:`tradeviz.parameters.rules`.
    example : Any, optional
        A valid value, shown in the message for a value of the wrong type.
    """

    name: str
    annotation: str
    default: Any
    default_source: str
    help: str = ""
    line: int = 0
    type: TypeSpec = field(default=ANY, compare=False)
    rule: Callable[..., Any] | None = field(default=None, compare=False, repr=False)
    example: Any = field(default=None, compare=False, repr=False)

    @property
    def required(self) -> bool:
        """Whether a value must be given (the default is ``...``)."""
        return self.default is REQUIRED

    def describe_type(self) -> str:
        """Return the type as written, or as inferred from the default."""
        return self.annotation or self.type.text or "any"


def parameters_from_signature(function: Callable[..., Any]) -> dict[str, Parameter]:
    """Return the keyword-only arguments of ``function`` as parameters, in order.

    A draw function ``draw(ax, data, *, top_n: int = 10, flow: Literal[...] = "exports")``
    declares its options this way; their types, defaults and help (from the numpy-style
    docstring) are read here, so a command line or a batch file can check values with the same
    types and messages as a notebook's parameters.

    Parameters
    ----------
    function : callable
        A function with keyword-only arguments. Annotations may be type objects or text (under
        ``from __future__ import annotations``).

    Returns
    -------
    dict of str to Parameter
        One per keyword-only argument; required when it has no default.

    Examples
    --------
    >>> def draw(ax, data, *, top_n: int = 10):
    ...     '''Draw.
    ...
    ...     Parameters
    ...     ----------
    ...     top_n : int
    ...         How many bars.
    ...     '''
    >>> option = parameters_from_signature(draw)["top_n"]
    >>> option.type.kind, option.default, option.help
    ('int', 10, 'How many bars.')
    """
    helps = _docstring_help(inspect.getdoc(function) or "")
    parameters: dict[str, Parameter] = {}
    for argument in inspect.signature(function).parameters.values():
        if argument.kind is not inspect.Parameter.KEYWORD_ONLY:
            continue
        annotation = argument.annotation
        if annotation is inspect.Parameter.empty:
            text, spec = "", ANY
        elif isinstance(annotation, str):
            text, spec = annotation, parse_annotation(annotation)
        else:
            spec = spec_from_type(annotation)
            text = spec.text
        has_default = argument.default is not inspect.Parameter.empty
        parameters[argument.name] = Parameter(
            name=argument.name,
            annotation=text,
            default=argument.default if has_default else REQUIRED,
            default_source=repr(argument.default) if has_default else "",
            help=helps.get(argument.name, ""),
            type=spec,
        )
    return parameters


def _docstring_help(docstring: str) -> dict[str, str]:
    """Return name -> first line of its description in a numpy-style ``Parameters`` section."""
    lines = docstring.splitlines()
    helps: dict[str, str] = {}
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "Parameters") + 2
    except StopIteration:
        return helps
    for index in range(start, len(lines)):
        line = lines[index]
        if line.strip() and not line.startswith(" ") and index + 1 < len(lines):
            if set(lines[index + 1].strip()) == {"-"}:
                break  # the next section
        entry = _DOC_ENTRY.match(line)
        if entry is None or entry.group("indent"):
            continue
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        for name in entry.group("names").split(","):
            helps[name.strip()] = following
    return helps
