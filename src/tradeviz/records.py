"""YAML records: read a file safely and within bounds, validate it with a pydantic model.

A YAML file a person writes for tradeviz (the batch file ``reports.yaml``, the claims files and
the documents' sidecars; any other sidecar can use the same two steps) is read in two steps:

1. :func:`load_yaml` reads the text with PyYAML's safe loader (no Python objects; libyaml's C
   composer when PyYAML has it, the pure-Python one for what it does not read), refuses a file
   over :data:`MAX_YAML_BYTES`, more than :data:`MAX_YAML_ALIASES` aliases, aliases that
   expand the document by more than :data:`MAX_ALIAS_EXPANSION` values (an "alias bomb": 600
   bytes that stand for gigabytes), or nesting deeper than Python's recursion allows, and names
   the line of a syntax error. The expansion is counted on the node graph, before any value is
   built;
2. :func:`parse_record` validates the data with a :class:`Record` model (a pydantic model that
   refuses unknown keys and converts nothing implicitly) and turns the first problem into one
   :class:`~tradeviz.errors.InputError` line naming the file, the row, the key, what was
   expected and what was found. This is the one place where pydantic's ``ValidationError``
   becomes the project's error.

A model says how its problems read: the message for an unknown or a missing key (class
attributes), and for each field an :class:`Invalid` marker in its annotation::

    Timeout = Annotated[
        Annotated[float, Field(gt=0)] | None,
        Invalid("must be a positive number of seconds or null"),
    ]

A validator that knows better raises :func:`problem` with its own message, expected value, or a
more precise field and row.
"""

from __future__ import annotations

import sys
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from tradeviz.errors import InputError

#: Largest YAML file read (bytes): a claims file is ~20 KB, a batch file ~2 KB.
MAX_YAML_BYTES = 2_000_000
#: Most aliases (``*name``) a YAML file may use; each may stand for a whole subtree.
MAX_YAML_ALIASES = 100
#: Most values (scalars, lists and mappings) aliases may add to a document once expanded: a
#: shared list of partners reused in a few reports is a few hundred.
MAX_ALIAS_EXPANSION = 10_000
#: Deepest nesting of lists and mappings read with libyaml's C composer, which recurses in C and
#: so does not stop at Python's recursion limit; a deeper file is read (and refused) by the
#: pure-Python composer. A claims file nests four levels.
MAX_C_NESTING = 100
#: Fewest Python frames PyYAML's pure-Python composer uses per level of nesting (``compose_node``
#: and ``compose_sequence_node`` or ``compose_mapping_node``): nesting deeper than the recursion
#: limit divided by this cannot be read by it.
_COMPOSER_FRAMES_PER_LEVEL = 2
#: libyaml's own bound on nesting, and the problem its scanner and parser report past it.
_LIBYAML_MAX_NESTING = 1000
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
#: The ``found`` of a problem that has no value to show.
NOTHING: Any = InputError._MISSING
#: The error type of :func:`problem`, told apart from pydantic's own.
_PROBLEM = "tradeviz_problem"
#: Order in which pydantic's errors are reported: the first one found is the one shown.
_FIRST = {"extra_forbidden": 0, "missing": 1}

R = TypeVar("R", bound="Record")


# --- YAML -------------------------------------------------------------------------------------
def _bounded_loader():
    """Return PyYAML's safe loader, made to count aliases (imported on first use)."""
    import yaml

    class BoundedSafeLoader(yaml.SafeLoader):
        """``yaml.SafeLoader`` that stops after :data:`MAX_YAML_ALIASES` aliases."""

        aliases = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                self.aliases += 1
                if self.aliases > MAX_YAML_ALIASES:
                    event = self.peek_event()
                    raise yaml.composer.ComposerError(
                        None,
                        None,
                        f"more than {MAX_YAML_ALIASES} aliases",
                        event.start_mark,
                    )
            return super().compose_node(parent, index)

    return BoundedSafeLoader


def _c_composed(text: str) -> tuple[Any, Any, int] | None:
    """Return libyaml's safe loader, the node tree of ``text`` and its aliases; or None.

    The aliases are counted (a tree without any need not be measured for expansion); None
    means the pure-Python loader is to read the text.

    libyaml's C parser and composer (``yaml.CSafeLoader``) read a claims file ten times faster
    than PyYAML's pure-Python ones, with the same safe constructors and resolver. Its events are
    read first, to apply the bounds of the pure-Python loader before anything is composed: more
    than :data:`MAX_YAML_ALIASES` aliases, or nesting deeper than :data:`MAX_C_NESTING`, returns
    None, and so does any YAML error. The pure-Python loader then reads the text and refuses it
    with the same line as always. None also when PyYAML was built without libyaml. Nesting
    too deep for the pure-Python composer (deeper than the recursion limit over
    :data:`_COMPOSER_FRAMES_PER_LEVEL`, or past libyaml's own bound) raises ``RecursionError`` at
    once, as that composer would after a scan that grows with the square of the depth.
    """
    import yaml

    c_loader = getattr(yaml, "CSafeLoader", None)
    if c_loader is None:
        return None
    depth = aliases = 0
    beyond_c = False
    try:
        for event in yaml.parse(text, Loader=c_loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if _beyond_python(depth):
                    # The pure-Python composer would stop here too, after a scan that grows
                    # with the square of the depth.
                    raise RecursionError(depth)
                beyond_c = beyond_c or depth > MAX_C_NESTING
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    return None
        if beyond_c:
            return None
        loader = c_loader(text)
        try:
            return loader, loader.get_single_node(), aliases
        except BaseException:
            loader.dispose()
            raise
    except yaml.YAMLError as error:
        if getattr(error, "problem", None) == _LIBYAML_TOO_DEEP and _beyond_python(
            _LIBYAML_MAX_NESTING
        ):
            raise RecursionError(_LIBYAML_MAX_NESTING) from None
        return None


def _beyond_python(depth: int) -> bool:
    """Whether the pure-Python composer would hit the recursion limit before ``depth`` levels."""
    return depth > sys.getrecursionlimit() // _COMPOSER_FRAMES_PER_LEVEL


def read_yaml_text(path: str | Path, *, missing: str = "file not found", expected: str = "") -> str:
    """Return the text of a YAML file, refusing a missing, unreadable or oversized one.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    missing : str, optional
        The message when the file does not exist (``"batch file not found"``).
    expected : str, optional
        What the message for a missing file says was expected.

    Raises
    ------
    tradeviz.errors.InputError
        Missing, not UTF-8, or over :data:`MAX_YAML_BYTES`.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise InputError(
                "YAML file too large",
                file=path,
                expected=f"at most {MAX_YAML_BYTES:,} bytes",
                found=f"{size:,} bytes",
            )
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(missing, file=path, expected=expected or None) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            "not a readable text file", file=path, expected="UTF-8 text", found=str(error)
        ) from None


def load_yaml(path: str | Path, *, text: str | None = None, row_prefix: str = "") -> Any:
    """Parse YAML safely and within bounds; name the line of a problem.

    The data of :func:`load_yaml_document`, for a caller that needs no line marks.
    """
    return load_yaml_document(path, text=text, row_prefix=row_prefix)[0]


def load_yaml_document(
    path: str | Path, *, text: str | None = None, row_prefix: str = ""
) -> tuple[Any, Any]:
    """Parse YAML safely and within bounds; name the line of a problem.

    Parameters
    ----------
    path : str or pathlib.Path
        The file (read with :func:`read_yaml_text` unless ``text`` is given; named in errors).
    text : str, optional
        The file's text, when already read.
    row_prefix : str, optional
        Put before the line number in the error's row (``"line "``).

    Returns
    -------
    tuple
        The data (mappings, lists, strings, numbers, booleans, dates, ``None``) and the node
        tree it was built from, whose nodes carry their line marks (``None`` for an empty file).

    Raises
    ------
    tradeviz.errors.InputError
        ``not valid YAML`` (a syntax error, a Python tag, too many aliases), naming the line;
        ``YAML nested too deeply``.
    """
    import yaml

    if text is None:
        text = read_yaml_text(path)
    try:
        composed = _c_composed(text)
    except RecursionError:
        raise _nested_too_deeply(path) from None
    if composed is not None:
        loader, node, aliases = composed
        try:
            if node is None:
                return None, None
            if aliases:  # without an alias the nodes are a tree: nothing expands, nothing recurs
                _check_expansion(node, path)
            return loader.construct_document(node), node
        except yaml.YAMLError:
            pass  # refused below by the pure-Python loader, with its line
        finally:
            loader.dispose()
    try:
        loader = _bounded_loader()(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, None
            _check_expansion(node, path)
            return loader.construct_document(node), node
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem_text = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(
            "not valid YAML",
            file=path,
            row=None if mark is None else f"{row_prefix}{mark.line + 1}",
            expected="a YAML mapping",
            found=problem_text,
        ) from None
    except RecursionError:
        raise _nested_too_deeply(path) from None


def _nested_too_deeply(path: str | Path) -> InputError:
    return InputError("YAML nested too deeply", file=path, expected="a few levels of nesting")


def _check_expansion(root: Any, path: str | Path) -> None:
    """Refuse a node graph whose aliases add more than :data:`MAX_ALIAS_EXPANSION` values.

    Each node is visited once (sizes of shared nodes are remembered), so a bomb is measured in
    time proportional to its text, not to what it stands for.
    """
    import yaml

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    # Iterative post-order walk: deep nesting must not hit Python's recursion limit here.
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if isinstance(node, yaml.MappingNode):
            children = [item for pair in node.value for item in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            children = []
        if children_done or not children:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            continue
        if any(id(child) in open_nodes for child in children) or key in open_nodes:
            raise InputError(
                "a YAML alias refers to a value that contains it",
                file=path,
                row=f"line {node.start_mark.line + 1}",
                expected="aliases to complete values",
                found="a recursive alias",
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    distinct = len(sizes)
    expanded = sizes[id(root)]
    added = expanded - distinct
    if added > MAX_ALIAS_EXPANSION:
        raise InputError(
            "YAML aliases expand to too many values",
            file=path,
            expected=f"aliases that add at most {MAX_ALIAS_EXPANSION:,} values",
            found=f"{expanded:,} values from {distinct:,} written",
        )


# --- models -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Invalid:
    """How a record tells a value that does not fit a field, or a missing key.

    Put it in a field's annotation: ``Annotated[str, Invalid("claim has no subject", "…")]``.

    Attributes
    ----------
    message : str
        What is wrong, in plain words.
    expected : str, optional
        What a valid value looks like.
    found : Any, optional
        What to show as found, instead of the value (``"no such field"``).
    """

    message: str
    expected: str | None = None
    found: Any = NOTHING


class Record(BaseModel):
    """A record read from YAML: unknown keys refused, no implicit conversions, immutable.

    Class attributes (override in a model) say how problems with keys read.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    #: Message for a key the model does not know.
    unknown_key_message: ClassVar[str] = "unknown key"
    #: How a missing required key reads; ``None``: as the field's own :class:`Invalid`.
    missing_key: ClassVar[Invalid | None] = None
    #: List the known keys alphabetically (else in the order the model declares them).
    sort_keys_in_messages: ClassVar[bool] = False
    #: The keys in the order the format documents them, when it is not the order of validation.
    key_order: ClassVar[tuple[str, ...]] = ()
    #: How a record that is not a mapping reads.
    not_a_mapping: ClassVar[Invalid] = Invalid("must be a mapping", "a mapping")

    @classmethod
    def keys(cls) -> list[str]:
        """Return the keys the model knows, as listed in messages."""
        keys = list(cls.key_order or cls.model_fields)
        return sorted(keys) if cls.sort_keys_in_messages else keys


def problem(
    message: str,
    *,
    expected: str | None = None,
    found: Any = NOTHING,
    field: str | None = None,
    row_suffix: str = "",
) -> PydanticCustomError:
    """Return the error a validator raises to say exactly what is wrong.

    Parameters
    ----------
    message : str
        What is wrong.
    expected : str, optional
        What a valid value looks like.
    found : Any, optional
        The value to show (default: the value of the field, as given).
    field : str, optional
        A more precise key than the field validated (``"matrix.partner"``).
    row_suffix : str, optional
        Appended to the record's row (``".include[2]"``).
    """
    return PydanticCustomError(
        _PROBLEM,
        "{message}",
        {
            "message": message,
            "expected": expected,
            "found": found,
            "field": field,
            "row_suffix": row_suffix,
        },
    )


def parse_record(
    model: type[R],
    data: Any,
    *,
    file: str | Path,
    row: str | None = None,
    context: Mapping[str, Any] | None = None,
) -> R:
    """Validate ``data`` with ``model``; raise the first problem as one :class:`InputError`.

    Parameters
    ----------
    model : type of Record
        The model.
    data : Any
        The record as loaded from YAML.
    file : str or pathlib.Path
        The file, named in the error.
    row : str, optional
        Where the record is in the file (``"reports[2]"``, ``"41 (claim 'x')"``).
    context : Mapping, optional
        What validators may read (``info.context``), e.g. the document a claim quotes.

    Returns
    -------
    Record
        The validated record.

    Raises
    ------
    tradeviz.errors.InputError
        The first problem: an unknown key, a missing key, then the fields in the model's order.
    """
    if not isinstance(data, Mapping):
        invalid = model.not_a_mapping
        found = type(data).__name__ if invalid.found is NOTHING else invalid.found
        raise InputError(
            invalid.message, file=file, row=row, expected=invalid.expected, found=found
        )
    try:
        return model.model_validate(data, context=dict(context or {}))
    except ValidationError as error:
        raise to_input_error(error, model, data, file=file, row=row) from None
    except TypeError as error:
        # A validator met a value of a kind it does not handle (a list where a name was
        # expected, say): still the input's fault, told in one line, never a traceback.
        raise InputError(
            "a value of an unexpected kind",
            file=file,
            row=row,
            expected="the keys "
            + ", ".join(model.keys())
            + " with values of their documented types",
            found=f"{type(error).__name__}: {error}",
        ) from None


def to_input_error(
    error: ValidationError,
    model: type[Record],
    data: Mapping[Any, Any],
    *,
    file: str | Path,
    row: str | None = None,
) -> InputError:
    """Return the first problem of pydantic's ``error`` as the project's one-line error.

    Parameters
    ----------
    error : pydantic.ValidationError
        Raised by ``model.model_validate(data)``.
    model : type of Record
        The model validated against.
    data : Mapping
        The data as given (the value shown as found is taken from it).
    file, row
        Where the record is.
    """
    keys = model.keys()

    def order(item: Mapping[str, Any]) -> tuple[int, int]:
        rank = _FIRST.get(item["type"], len(_FIRST))
        key = item["loc"][0] if item["loc"] else None
        return rank, keys.index(key) if rank == _FIRST["missing"] and key in keys else 0

    details = sorted(error.errors(), key=order)[0]
    location = details["loc"]
    key = location[0] if location else None
    field = None if key is None else str(key)
    found = data.get(key) if key is not None else NOTHING
    if details["type"] == "extra_forbidden":
        return InputError(
            model.unknown_key_message,
            file=file,
            row=row,
            field=field,
            expected="one of " + ", ".join(keys),
            found=key,
        )
    if details["type"] == _PROBLEM:
        context = details["ctx"]
        return InputError(
            context["message"],
            file=file,
            row=(row or "") + context["row_suffix"] or None,
            field=context["field"] or field,
            expected=context["expected"],
            found=found if context["found"] is NOTHING else context["found"],
        )
    invalid = _invalid_of(model, field)
    if details["type"] == "missing":
        invalid = model.missing_key or invalid
        found = None
    if invalid is None:
        return InputError(details["msg"], file=file, row=row, field=field, found=found)
    return InputError(
        invalid.message,
        file=file,
        row=row,
        field=field,
        expected=invalid.expected,
        found=found if invalid.found is NOTHING else invalid.found,
    )


def _invalid_of(model: type[Record], field: str | None) -> Invalid | None:
    """Return the :class:`Invalid` marker of a field's annotation, searched through unions."""
    info = model.model_fields.get(field) if field is not None else None
    if info is None:
        return None
    for item in info.metadata:
        if isinstance(item, Invalid):
            return item
    pending = [info.annotation]
    while pending:
        annotation = pending.pop()
        for item in getattr(annotation, "__metadata__", ()):
            if isinstance(item, Invalid):
                return item
        pending.extend(typing.get_args(annotation))
    return None
