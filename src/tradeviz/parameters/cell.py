"""A notebook's ``parameters`` cell, read as JSON and parsed with :mod:`ast` (no kernel).

A parameterised notebook has one code cell tagged ``parameters`` (papermill's convention) made of
annotated assignments with a trailing comment as help text::

    reporter: str = "KAZ"  # ISO3 code of the reporting country
    year: int = 2020  # calendar year of the shares
    flows: list[str] = ["exports", "imports"]  # trade flows to show
    level: Literal["total", "hs4"] = "total"  # product detail
    start: date | None = None  # first day, or None for the earliest
    document: str = ...  # required: no default

:func:`parse_parameters` turns such a cell into :class:`~tradeviz.parameters.Parameter` records
(name, annotation, default, help). Without an annotation (or a ``# type: T`` comment) the type
is unknown and any value is accepted, as papermill does, or is inferred from the default, as
:data:`tradeviz.parameters.policy.POLICY` says. What is not an assignment (a magic, a loop, a line
that is not Python) is passed over with a note, or refused, as the policy says
(:func:`read_parameters_cell`).

Only the standard library is imported here, so the command line reads notebooks without loading
Jupyter, pandas or matplotlib.
"""

from __future__ import annotations

import ast
import datetime as _dt
import io
import json
import os
import re
import textwrap
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradeviz.errors import InputError
from tradeviz.parameters.parameter import NOT_A_LITERAL, REQUIRED, Parameter
from tradeviz.parameters.policy import POLICY, Policy
from tradeviz.parameters.types import ANY, DATE_NAMES, dotted_name, infer_spec, parse_annotation

#: Tag that marks the parameters cell (papermill's convention).
PARAMETERS_TAG = "parameters"
#: Tag papermill gives the cell it injects after the parameters cell.
INJECTED_TAG = "injected-parameters"
#: Largest notebook file read (bytes): the project's notebooks hold no outputs and weigh a few
#: kilobytes; one with every output embedded may weigh megabytes.
MAX_NOTEBOOK_BYTES = 100_000_000
#: A trailing ``# type: T help`` comment declares the type of an unannotated assignment.
TYPE_COMMENT = re.compile(r"^type:\s*(?P<type>\S+)\s*(?P<help>.*)$")


class UnparseableCellError(InputError):
    """The ``parameters`` cell is not made of plain assignments, so it cannot be checked."""


@dataclass(frozen=True)
class CellReading:
    """What could be read from a ``parameters`` cell.

    Attributes
    ----------
    parameters : dict of str to Parameter
        The assignments that were read, in order.
    skipped : tuple of str
        One note per line or statement that was not read (``"line 4: not an assignment to a
        name (`print(x)`)"``); empty when the whole cell was read.
    """

    parameters: dict[str, Parameter]
    skipped: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every statement of the cell was read."""
        return not self.skipped


def parse_parameters(
    source: str, *, origin: str = "parameters cell", policy: Policy | None = None
) -> dict[str, Parameter]:
    """Parse the source of a ``parameters`` cell into parameters, in order.

    Parameters
    ----------
    source : str
        The cell's code.
    origin : str, optional
        Where the cell comes from (a notebook path), used in error messages.
    policy : Policy, optional
        Default :data:`~tradeviz.parameters.policy.POLICY`: whether a parameter without an
        annotation takes the type of its default.

    Returns
    -------
    dict of str to Parameter
        Parameters by name, in the order the cell declares them.

    Raises
    ------
    UnparseableCellError
        When part of the cell is not valid Python or holds something other than assignments to
        names (imports, comments, blank lines and IPython magics are allowed), and the policy
        refuses such a cell. Under papermill's policy what can be read is returned
        (:func:`read_parameters_cell` also says what was not).

    Examples
    --------
    >>> params = parse_parameters('year: int = 2020  # calendar year')
    >>> params["year"].help, params["year"].default, params["year"].type.kind
    ('calendar year', 2020, 'int')
    """
    return read_parameters_cell(source, origin=origin, policy=policy).parameters


def read_parameters_cell(
    source: str, *, origin: str = "parameters cell", policy: Policy | None = None
) -> CellReading:
    """Read a ``parameters`` cell as papermill does: what is an assignment, and what is not.

    Lines of IPython magics (``%matplotlib inline``) and shell escapes (``!ls``) are not Python
    and declare nothing: they are passed over, as papermill does. A cell indented as a whole is
    read dedented. A line that is not valid Python, or a statement that is not an assignment to
    a name, is skipped with a note, unless the policy refuses such a cell.

    Parameters
    ----------
    source : str
        The cell's code.
    origin : str, optional
        Where the cell comes from, used in messages.
    policy : Policy, optional
        Default :data:`~tradeviz.parameters.policy.POLICY`.

    Returns
    -------
    CellReading
        The parameters read and a note per part that was not.

    Raises
    ------
    UnparseableCellError
        When the policy refuses a cell that cannot be read whole.
    """
    policy = policy or POLICY
    lines = source.splitlines()
    code_lines = textwrap.dedent(
        "\n".join("" if _is_magic(line) else line for line in lines)
    ).splitlines()
    code_lines += [""] * (len(lines) - len(code_lines))
    skipped: list[str] = []
    tree = None
    for _ in range(len(code_lines) + 1):
        try:
            tree = ast.parse("\n".join(code_lines))
            break
        except SyntaxError as error:
            line = error.lineno or 0
            text = lines[line - 1].strip() if 0 < line <= len(lines) else (error.text or "")
            if policy.refuse_unparseable_cell or not 0 < line <= len(code_lines):
                raise UnparseableCellError(
                    "the parameters cell is not valid Python",
                    file=origin,
                    row=f"line {error.lineno}",
                    expected="annotated assignments such as `year: int = 2020  # help`",
                    found=text.strip(),
                ) from None
            if not code_lines[line - 1].strip():
                raise UnparseableCellError(
                    "the parameters cell is not valid Python",
                    file=origin,
                    row=f"line {line}",
                    expected="annotated assignments such as `year: int = 2020  # help`",
                    found=text.strip(),
                ) from None
            skipped.append(f"line {line}: not valid Python ({_quote(text)})")
            code_lines[line - 1] = ""
    assert tree is not None
    comments = _trailing_comments("\n".join(code_lines))
    parameters: dict[str, Parameter] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # a docstring or a bare string
        parameter = _parameter_from_statement(statement, comments, policy)
        text = lines[statement.lineno - 1].strip() if lines else ""
        if parameter is None:
            if policy.refuse_unparseable_cell:
                raise UnparseableCellError(
                    "the parameters cell may hold only assignments to single names",
                    file=origin,
                    row=f"line {statement.lineno}",
                    expected="`name: type = default  # help`",
                    found=text,
                )
            skipped.append(f"line {statement.lineno}: not an assignment to a name ({_quote(text)})")
            continue
        parameters[parameter.name] = parameter
    return CellReading(parameters, tuple(skipped))


#: Longest source line quoted in a note about a part of the cell that was not read.
MAX_QUOTED_SOURCE = 60


def _quote(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_QUOTED_SOURCE:
        text = text[: MAX_QUOTED_SOURCE - 1] + "…"
    return f"`{text}`"


def _is_magic(line: str) -> bool:
    """Return whether ``line`` is an IPython magic or shell escape (not Python)."""
    return line.lstrip().startswith(("%", "!"))


def _parameter_from_statement(
    statement: ast.stmt, comments: dict[int, str], policy: Policy
) -> Parameter | None:
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
    end_line = statement.end_lineno or statement.lineno
    help_text = comments.get(end_line) or comments.get(statement.lineno, "")
    annotation_text = ast.unparse(annotation) if annotation is not None else ""
    typed = TYPE_COMMENT.match(help_text)
    if annotation is None and typed is not None:
        # ``name = value  # type: list[str] what it is``: a declared type, as papermill reads it
        annotation_text, help_text = typed.group("type"), typed.group("help").strip()
    if annotation_text:
        spec = parse_annotation(annotation_text)
    elif default is REQUIRED or default is NOT_A_LITERAL or not policy.infer_unannotated_types:
        spec = ANY
    else:
        spec = infer_spec(default)
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
    if not isinstance(value, ast.Call) or dotted_name(value.func) not in DATE_NAMES:
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
        When the file is missing, larger than :data:`MAX_NOTEBOOK_BYTES`, or not a notebook.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            raise InputError(
                "notebook too large to read",
                file=path,
                expected=f"at most {MAX_NOTEBOOK_BYTES:,} bytes (strip its outputs)",
                found=f"{size:,} bytes",
            )
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
