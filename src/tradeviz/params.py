"""Notebook parameters: parse a ``parameters`` cell with :mod:`ast` and validate values by type.

A parameterised notebook has one code cell tagged ``parameters`` (papermill's convention) made of
annotated assignments with a trailing comment as help text::

    reporter: str = "KAZ"  # ISO3 code of the reporting country
    year: int = 2020  # calendar year of the shares
    flows: list[str] = ["exports", "imports"]  # trade flows to show
    level: Literal["total", "hs4"] = "total"  # product detail
    start: date | None = None  # first day, or None for the earliest
    document: str = ...  # required: no default

:func:`parse_parameters` turns such a cell into :class:`Parameter` records (name, annotation,
default, help); :func:`validate` checks a mapping of values against them and reports *every*
problem at once (unknown names, missing required values, wrong types) in one
:class:`ParameterValidationError`. The same checks run in three places: ``tradeviz plan`` and
``tradeviz run`` before any kernel starts, ``tradeviz inspect``, and inside a notebook
(:func:`validate_namespace`), so a plain ``papermill`` run stops with the same clear message.

Supported annotations: ``int``, ``float`` (ints accepted), ``str``, ``bool``, ``date`` (a
``datetime.date`` or an ISO ``YYYY-MM-DD`` string), ``None``, ``list[X]``, ``dict[str, X]``,
``Literal[...]``, ``X | Y``, ``Optional[X]``, ``Any``. Without an annotation the type is inferred
from the default, as papermill does. An annotation this module does not know accepts any value
(it is shown as written by ``tradeviz inspect``).

This module imports only the standard library, so the command line and notebooks can use it
without loading Jupyter, pandas or matplotlib.
"""

from __future__ import annotations

import ast
import datetime as _dt
import io
import json
import os
import tokenize
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeviz.errors import InputError

#: Tag that marks the parameters cell (papermill's convention).
PARAMETERS_TAG = "parameters"
#: Tag papermill gives the cell it injects after the parameters cell.
INJECTED_TAG = "injected-parameters"
#: The default that marks a parameter as required: ``name: str = ...``.
REQUIRED = Ellipsis


class _NoLiteral:
    """Marker for a default written as an expression that is not a literal (``Path("x")``)."""

    def __repr__(self) -> str:
        return "<expression>"


#: Default of a parameter whose default is an expression the parser does not evaluate.
NOT_A_LITERAL = _NoLiteral()

#: Names accepted for the ``date`` annotation.
_DATE_NAMES = frozenset({"date", "datetime.date", "dt.date"})
_SIMPLE_NAMES = {
    "int": "int",
    "float": "float",
    "str": "str",
    "bool": "bool",
    "None": "none",
    "NoneType": "none",
    "Any": "any",
    "typing.Any": "any",
    "object": "any",
}
_LIST_NAMES = frozenset({"list", "List", "typing.List", "Sequence", "typing.Sequence", "tuple"})
_DICT_NAMES = frozenset({"dict", "Dict", "typing.Dict", "Mapping", "typing.Mapping"})
_LITERAL_NAMES = frozenset({"Literal", "typing.Literal"})
_OPTIONAL_NAMES = frozenset({"Optional", "typing.Optional"})
_UNION_NAMES = frozenset({"Union", "typing.Union"})
#: At most this many valid names are listed in an "unknown parameter" message.
MAX_NAMES_SHOWN = 20


# --- types ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TypeSpec:
    """A parameter type the validator understands.

    Attributes
    ----------
    kind : str
        One of ``any int float str bool date none list dict literal union``.
    args : tuple
        Item type (``list``), value type (``dict``), allowed values (``literal``) or members
        (``union``).
    text : str
        The annotation as written, for messages and ``tradeviz inspect``.
    """

    kind: str
    args: tuple[Any, ...] = ()
    text: str = ""

    def describe(self) -> str:
        """Return the type in words, as used in messages (``a list of str``)."""
        if self.kind == "literal":
            return "one of " + ", ".join(repr(value) for value in self.args)
        if self.kind == "union":
            return " or ".join(member.describe() for member in self.args)
        if self.kind == "list":
            return f"a list of {self.args[0].describe()}"
        if self.kind == "dict":
            return f"a mapping of str to {self.args[0].describe()}"
        if self.kind == "date":
            return "a date (YYYY-MM-DD)"
        if self.kind == "none":
            return "None"
        if self.kind == "any":
            return "any value"
        return self.kind


ANY = TypeSpec("any", text="")


def parse_annotation(text: str) -> TypeSpec:
    """Parse an annotation written in a parameters cell into a :class:`TypeSpec`.

    Parameters
    ----------
    text : str
        The annotation's source, e.g. ``"list[str]"`` or ``'Literal["a", "b"] | None'``.

    Returns
    -------
    TypeSpec
        The type; ``kind == "any"`` for an annotation this module does not know.

    Examples
    --------
    >>> parse_annotation("int | None").describe()
    'int or None'
    """
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return TypeSpec("any", text=text)
    spec = _spec_from_node(node)
    return TypeSpec(spec.kind, spec.args, text)


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    if isinstance(node, ast.Constant) and node.value is None:
        return "None"
    return None


def _spec_from_node(node: ast.AST) -> TypeSpec:
    text = ast.unparse(node)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        members = _flatten_union([_spec_from_node(node.left), _spec_from_node(node.right)])
        return TypeSpec("union", tuple(members), text)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return parse_annotation(node.value)  # a string annotation: "list[str]"
    name = _dotted(node)
    if name is not None:
        if name in _DATE_NAMES:
            return TypeSpec("date", text=text)
        if name in _SIMPLE_NAMES:
            return TypeSpec(_SIMPLE_NAMES[name], text=text)
        if name in _LIST_NAMES:
            return TypeSpec("list", (ANY,), text)
        if name in _DICT_NAMES:
            return TypeSpec("dict", (ANY,), text)
        return TypeSpec("any", text=text)
    if isinstance(node, ast.Subscript):
        base = _dotted(node.value)
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if base in _LITERAL_NAMES:
            try:
                values = tuple(ast.literal_eval(item) for item in items)
            except ValueError:
                return TypeSpec("any", text=text)
            return TypeSpec("literal", values, text)
        if base in _LIST_NAMES:
            item = _spec_from_node(items[0]) if base != "tuple" or len(items) == 2 else ANY
            return TypeSpec("list", (item,), text)
        if base in _DICT_NAMES and len(items) == 2:
            return TypeSpec("dict", (_spec_from_node(items[1]),), text)
        if base in _OPTIONAL_NAMES:
            members = _flatten_union([_spec_from_node(items[0]), TypeSpec("none", text="None")])
            return TypeSpec("union", tuple(members), text)
        if base in _UNION_NAMES:
            members = _flatten_union([_spec_from_node(item) for item in items])
            return TypeSpec("union", tuple(members), text)
    return TypeSpec("any", text=text)


def _flatten_union(members: Iterable[TypeSpec]) -> list[TypeSpec]:
    flat: list[TypeSpec] = []
    for member in members:
        flat.extend(member.args if member.kind == "union" else (member,))
    return flat


def spec_from_type(annotation: Any) -> TypeSpec:
    """Turn a runtime annotation (``list[str]``, ``Literal["a"]``, ``int | None``) into a spec.

    Used inside a kernel, where the parameters cell has already been run and the module's
    ``__annotations__`` holds type objects rather than source text.

    Parameters
    ----------
    annotation : Any
        A type object, a typing construct, or a string annotation.

    Returns
    -------
    TypeSpec
        The equivalent spec (``kind == "any"`` when unknown).
    """
    import typing

    if isinstance(annotation, str):
        return parse_annotation(annotation)
    text = getattr(annotation, "__name__", None) or repr(annotation)
    if annotation is None or annotation is type(None):
        return TypeSpec("none", text="None")
    if annotation is typing.Any:
        return TypeSpec("any", text="Any")
    if annotation is _dt.date:
        return TypeSpec("date", text="date")
    simple = {int: "int", float: "float", str: "str", bool: "bool"}
    if annotation in simple:
        return TypeSpec(simple[annotation], text=text)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    text = repr(annotation).replace("typing.", "")
    if origin is typing.Literal:
        return TypeSpec("literal", tuple(args), text)
    if origin in (list, tuple) or annotation in (list, tuple):
        item = spec_from_type(args[0]) if args else ANY
        return TypeSpec("list", (item,), text)
    if origin is dict or annotation is dict:
        value = spec_from_type(args[1]) if len(args) == 2 else ANY
        return TypeSpec("dict", (value,), text)
    if origin is typing.Union or type(annotation).__name__ == "UnionType":
        members = _flatten_union(spec_from_type(arg) for arg in args)
        return TypeSpec("union", tuple(members), text)
    return TypeSpec("any", text=text)


def infer_spec(default: Any) -> TypeSpec:
    """Infer a type from a default value, for a parameter written without an annotation."""
    if isinstance(default, bool):
        return TypeSpec("bool", text="bool")
    for kind, python_type in (("int", int), ("float", float), ("str", str)):
        if isinstance(default, python_type):
            return TypeSpec(kind, text=kind)
    if isinstance(default, _dt.date) and not isinstance(default, _dt.datetime):
        return TypeSpec("date", text="date")
    if isinstance(default, list):
        return TypeSpec("list", (ANY,), "list")
    return ANY


_MISMATCH = object()


def coerce(value: Any, spec: TypeSpec) -> Any:
    """Return ``value`` converted to ``spec`` where the conversion loses nothing.

    ``int`` becomes ``float`` for a ``float`` parameter, an ISO string becomes a ``date``, a tuple
    becomes a list; everything else must already have the right type (``"2020"`` is not an int,
    ``1`` is not a bool).

    Parameters
    ----------
    value : Any
        The value given.
    spec : TypeSpec
        The parameter's type.

    Returns
    -------
    Any
        The converted value.

    Raises
    ------
    TypeError
        When ``value`` does not fit ``spec``.
    """
    result = _coerce(value, spec)
    if result is _MISMATCH:
        raise TypeError(f"expected {spec.describe()}, found {value!r}")
    return result


def _coerce(value: Any, spec: TypeSpec) -> Any:
    kind = spec.kind
    if kind == "any":
        return value
    if kind == "none":
        return None if value is None else _MISMATCH
    if kind == "bool":
        return value if isinstance(value, bool) else _MISMATCH
    if kind == "int":
        return value if isinstance(value, int) and not isinstance(value, bool) else _MISMATCH
    if kind == "float":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        return _MISMATCH
    if kind == "str":
        return value if isinstance(value, str) else _MISMATCH
    if kind == "date":
        return _coerce_date(value)
    if kind == "literal":
        for allowed in spec.args:
            if type(value) is type(allowed) and value == allowed:
                return value
        return _MISMATCH
    if kind == "list":
        if not isinstance(value, list | tuple):
            return _MISMATCH
        items = [_coerce(item, spec.args[0]) for item in value]
        return _MISMATCH if any(item is _MISMATCH for item in items) else items
    if kind == "dict":
        if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
            return _MISMATCH
        values = {key: _coerce(item, spec.args[0]) for key, item in value.items()}
        return _MISMATCH if any(item is _MISMATCH for item in values.values()) else values
    if kind == "union":
        for member in spec.args:
            result = _coerce(value, member)
            if result is not _MISMATCH:
                return result
        return _MISMATCH
    return value


def _coerce_date(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return _MISMATCH
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return _MISMATCH
    return _MISMATCH


# --- the parameters cell ----------------------------------------------------------------------
@dataclass(frozen=True)
class Parameter:
    """One parameter of a notebook, as declared in its ``parameters`` cell.

    Attributes
    ----------
    name : str
        The variable name.
    annotation : str
        The annotation as written (``""`` when none).
    default : Any
        The default value; :data:`REQUIRED` (``...``) when the parameter is required,
        :data:`NOT_A_LITERAL` when the default is an expression that is not a literal.
    default_source : str
        The default as written.
    help : str
        The trailing comment, without ``#``.
    line : int
        Line of the assignment in the cell (1-based).
    type : TypeSpec
        The type values are checked against.
    """

    name: str
    annotation: str
    default: Any
    default_source: str
    help: str = ""
    line: int = 0
    type: TypeSpec = field(default=ANY, compare=False)

    @property
    def required(self) -> bool:
        """Whether a value must be given (the default is ``...``)."""
        return self.default is REQUIRED

    def describe_type(self) -> str:
        """Return the type as written, or as inferred from the default."""
        return self.annotation or self.type.text or "any"


def parse_parameters(source: str, *, origin: str = "parameters cell") -> dict[str, Parameter]:
    """Parse the source of a ``parameters`` cell into parameters, in order.

    Parameters
    ----------
    source : str
        The cell's code.
    origin : str, optional
        Where the cell comes from (a notebook path), used in error messages.

    Returns
    -------
    dict of str to Parameter
        Parameters by name, in the order the cell declares them.

    Raises
    ------
    tradeviz.errors.InputError
        When the cell is not valid Python or holds something other than assignments to names
        (imports, comments and blank lines are allowed).

    Examples
    --------
    >>> params = parse_parameters('year: int = 2020  # calendar year')
    >>> params["year"].help, params["year"].default, params["year"].type.kind
    ('calendar year', 2020, 'int')
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise InputError(
            "the parameters cell is not valid Python",
            file=origin,
            row=f"line {error.lineno}",
            expected="annotated assignments such as `year: int = 2020  # help`",
            found=(error.text or "").strip(),
        ) from None
    comments = _trailing_comments(source)
    lines = source.splitlines()
    parameters: dict[str, Parameter] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # a docstring or a bare string
        parameter = _parameter_from_statement(statement, comments)
        if parameter is None:
            raise InputError(
                "the parameters cell may hold only assignments to single names",
                file=origin,
                row=f"line {statement.lineno}",
                expected="`name: type = default  # help`",
                found=lines[statement.lineno - 1].strip() if lines else "",
            )
        parameters[parameter.name] = parameter
    return parameters


def _parameter_from_statement(statement: ast.stmt, comments: dict[int, str]) -> Parameter | None:
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        target, annotation, value = statement.target, statement.annotation, statement.value
    elif (
        isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
    ):
        target, annotation, value = statement.targets[0], None, statement.value
    else:
        return None
    default, default_source = _default_of(value)
    annotation_text = ast.unparse(annotation) if annotation is not None else ""
    if annotation is not None:
        spec = parse_annotation(annotation_text)
    elif default is REQUIRED or default is NOT_A_LITERAL:
        spec = ANY
    else:
        spec = infer_spec(default)
    end_line = statement.end_lineno or statement.lineno
    help_text = comments.get(end_line) or comments.get(statement.lineno, "")
    return Parameter(
        name=target.id,
        annotation=annotation_text,
        default=default,
        default_source=default_source,
        help=help_text,
        line=statement.lineno,
        type=spec,
    )


def _default_of(value: ast.expr | None) -> tuple[Any, str]:
    if value is None:
        return REQUIRED, ""
    source = ast.unparse(value)
    if isinstance(value, ast.Constant) and value.value is Ellipsis:
        return REQUIRED, source
    date = _date_call(value)
    if date is not None:
        return date, source
    try:
        return ast.literal_eval(value), source
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return NOT_A_LITERAL, source


def _date_call(value: ast.expr) -> _dt.date | None:
    """Evaluate ``date(2021, 7, 20)`` / ``datetime.date(...)`` with literal arguments."""
    if not isinstance(value, ast.Call) or _dotted(value.func) not in _DATE_NAMES:
        return None
    try:
        args = [ast.literal_eval(arg) for arg in value.args]
        return _dt.date(*args)
    except (ValueError, TypeError):
        return None


def _trailing_comments(source: str) -> dict[int, str]:
    """Map line number → comment text for every ``# comment`` in ``source``."""
    comments: dict[int, str] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                comments[token.start[0]] = token.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError):
        pass
    return comments


def cell_source(cell: Mapping[str, Any]) -> str:
    """Return a notebook cell's source as one string (nbformat allows a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def find_parameters_cell(notebook: Mapping[str, Any]) -> tuple[int, Mapping[str, Any]] | None:
    """Return ``(index, cell)`` of the first code cell tagged ``parameters``, or ``None``."""
    for index, cell in enumerate(notebook.get("cells", [])):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "code" and PARAMETERS_TAG in tags:
            return index, cell
    return None


def read_notebook_json(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read an ``.ipynb`` file as plain JSON (no nbformat import, no validation).

    Raises
    ------
    tradeviz.errors.InputError
        When the file is missing or is not a notebook.
    """
    path = Path(path)
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            "notebook not found", file=path, expected="an existing .ipynb file"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(
            "not a readable notebook", file=path, expected="an .ipynb JSON file", found=str(error)
        ) from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise InputError(
            "not a notebook", file=path, field="cells", expected="a list of cells", found=None
        )
    return notebook


def read_notebook_parameters(path: str | os.PathLike[str]) -> dict[str, Parameter] | None:
    """Return the parameters declared by the notebook at ``path``.

    Parameters
    ----------
    path : str or os.PathLike
        An ``.ipynb`` file.

    Returns
    -------
    dict of str to Parameter or None
        ``None`` when the notebook has no cell tagged ``parameters``.
    """
    found = find_parameters_cell(read_notebook_json(path))
    if found is None:
        return None
    index, cell = found
    return parse_parameters(cell_source(cell), origin=f"{path}, cell {index + 1}")


# --- validation -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ParameterProblem:
    """One problem with a value given for a notebook parameter.

    Attributes
    ----------
    name : str
        The parameter name as given.
    message : str
        What is wrong.
    expected : str
        What would be valid.
    found : Any
        The value given (:data:`MISSING` when none was).
    """

    name: str
    message: str
    expected: str
    found: Any = None

    def to_error(self, *, file: Any = None, row: Any = None) -> InputError:
        """Return the problem as an :class:`InputError` located in ``file`` at ``row``."""
        if self.message == MISSING_MESSAGE:
            return InputError(
                self.message, file=file, row=row, field=self.name, expected=self.expected
            )
        return InputError(
            self.message, file=file, row=row, field=self.name, expected=self.expected,
            found=self.found,
        )  # fmt: skip


MISSING_MESSAGE = "required parameter has no value"


class ParameterValidationError(InputError):
    """Values that do not fit a notebook's parameters: every problem, one line each.

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

    def _render_traceback_(self) -> list[str]:
        """Return what IPython shows instead of a traceback: the problems, one per line."""
        return [f"ParameterValidationError: {line}" for line in self.lines()]


def check_values(
    values: Mapping[str, Any], parameters: Mapping[str, Parameter]
) -> tuple[dict[str, Any], list[ParameterProblem]]:
    """Check ``values`` against ``parameters``; return coerced values and every problem.

    Parameters
    ----------
    values : Mapping
        Parameter name → value, as a run configuration gives them.
    parameters : Mapping of str to Parameter
        What the notebook declares.

    Returns
    -------
    tuple of (dict, list of ParameterProblem)
        The values given, converted (see :func:`coerce`), and the problems found: unknown names,
        required parameters without a value, values of the wrong type. Empty when all is well.
    """
    coerced: dict[str, Any] = {}
    problems: list[ParameterProblem] = []
    known = list(parameters)
    for name, value in values.items():
        parameter = parameters.get(name)
        if parameter is None:
            hint, expected = _known_names(name, known)
            problems.append(ParameterProblem(name, "unknown parameter" + hint, expected, value))
            continue
        result = _coerce(value, parameter.type)
        if result is _MISMATCH:
            problems.append(ParameterProblem(name, "wrong type", parameter.type.describe(), value))
        else:
            coerced[name] = result
    for name, parameter in parameters.items():
        if parameter.required and name not in values:
            problems.append(
                ParameterProblem(name, MISSING_MESSAGE, f"a value ({parameter.describe_type()})")
            )
    return coerced, problems


def _known_names(name: str, known: list[str]) -> tuple[str, str]:
    """Return a "did you mean" hint and the list of valid names."""
    import difflib

    if not known:
        return "", "no parameters (the notebook declares none)"
    close = difflib.get_close_matches(name, known, n=1)
    shown = ", ".join(known[:MAX_NAMES_SHOWN]) + (" …" if len(known) > MAX_NAMES_SHOWN else "")
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return hint, f"one of: {shown}"


def validate(
    values: Mapping[str, Any],
    parameters: Mapping[str, Parameter] | str,
    *,
    where: str | None = None,
) -> dict[str, Any]:
    """Check values against a notebook's parameters; raise one error listing every problem.

    Parameters
    ----------
    values : Mapping
        Parameter name → value.
    parameters : Mapping of str to Parameter, or str
        The parameters, or the source of the ``parameters`` cell.
    where : str, optional
        Where the values come from (a file, a run id), put at the start of each message.

    Returns
    -------
    dict
        The values, converted (ints to floats for ``float``, ISO strings to dates).

    Raises
    ------
    ParameterValidationError
        When a name is unknown, a required value is missing or a value has the wrong type.

    Examples
    --------
    >>> validate({"year": 2020}, "year: int = 2019  # year")
    {'year': 2020}
    >>> try:
    ...     validate({"yaer": 2020}, "year: int = 2019  # year")
    ... except ParameterValidationError as error:
    ...     print(error)
    field 'yaer': unknown parameter; did you mean 'year'? (expected one of: year, found 2020)
    """
    if isinstance(parameters, str):
        parameters = parse_parameters(parameters)
    coerced, problems = check_values(values, parameters)
    if problems:
        raise ParameterValidationError(problem.to_error(file=where) for problem in problems)
    return coerced


def validate_namespace(
    namespace: Mapping[str, Any], names: Iterable[str] | None = None
) -> dict[str, Any]:
    """Check a notebook's parameter variables against their annotations, inside the kernel.

    Call it in the cell after the ``parameters`` cell: ``validate_namespace(globals())``. It
    reads the annotations the parameters cell left in ``__annotations__`` and checks the current
    value of each annotated name (papermill's injected cell has replaced the defaults by then).
    Unknown names cannot be detected here; ``tradeviz run`` rejects them before it starts.

    Parameters
    ----------
    namespace : Mapping
        The notebook's globals.
    names : iterable of str, optional
        Only these names (default: every annotated name).

    Returns
    -------
    dict
        Name → value for the names checked.

    Raises
    ------
    ParameterValidationError
        When a value has the wrong type, or a required parameter (``...``) has no value.
    """
    annotations = dict(namespace.get("__annotations__", {}))
    selected = list(annotations) if names is None else list(names)
    problems: list[InputError] = []
    values: dict[str, Any] = {}
    for name in selected:
        spec = spec_from_type(annotations.get(name, Any))
        value = namespace.get(name, REQUIRED)
        if value is REQUIRED:
            problems.append(ParameterProblem(name, MISSING_MESSAGE, spec.describe()).to_error())
            continue
        result = _coerce(value, spec)
        if result is _MISMATCH:
            problems.append(ParameterProblem(name, "wrong type", spec.describe(), value).to_error())
        else:
            values[name] = result
    if problems:
        raise ParameterValidationError(problems)
    return values


# --- values on the wire -----------------------------------------------------------------------
_DATE_KEY = "$date"


def to_json_value(value: Any) -> Any:
    """Return ``value`` in JSON form: dates become ``{"$date": "YYYY-MM-DD"}``."""
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return {_DATE_KEY: value.isoformat()}
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): to_json_value(item) for key, item in value.items()}
    return value


def from_json_value(value: Any) -> Any:
    """Invert :func:`to_json_value`."""
    if isinstance(value, dict):
        if set(value) == {_DATE_KEY}:
            return _dt.date.fromisoformat(value[_DATE_KEY])
        return {key: from_json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [from_json_value(item) for item in value]
    return value


def canonical_json(values: Mapping[str, Any]) -> str:
    """Return parameters as canonical JSON (sorted keys, no spaces): the cache key's input."""
    return json.dumps(
        to_json_value(values), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def format_value(value: Any) -> str:
    """Return a value as a short human-readable string (``KAZ``, ``2020``, ``[KAZ, CHN]``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_value(item) for item in value) + "]"
    return repr(value) if value is not None else "None"
