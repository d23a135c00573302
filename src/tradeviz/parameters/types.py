"""Parameter types: parse an annotation into a :class:`TypeSpec`, convert a value to it.

Supported annotations: ``int``, ``float`` (ints accepted), ``str``, ``bool``, ``date`` (a
``datetime.date`` or an ISO ``YYYY-MM-DD`` string), ``None``, ``list[X]``, ``dict[str, X]``,
``Literal[...]``, ``X | Y``, ``Optional[X]``, ``Any``. An annotation this module does not know
accepts any value (it is shown as written by ``tradeviz inspect``). Annotations come either as
source text (a parameters cell read with :mod:`ast`, a draw function under
``from __future__ import annotations``) or as type objects (:func:`spec_from_type`).

Only the standard library is imported here.
"""

from __future__ import annotations

import ast
import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: Names accepted for the ``date`` annotation (also as a call: ``date(2021, 7, 20)``).
DATE_NAMES = frozenset({"date", "datetime.date", "dt.date"})
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
#: A type in plain words, for a reader of a notebook (``kind`` -> words).
_WORDS = {
    "int": "a whole number (int)",
    "float": "a number (float)",
    "str": "text (str)",
    "bool": "True or False (bool)",
}
#: Plural of an item type in plain words (``a list of text values``).
_PLURAL_WORDS = {
    "int": "whole numbers",
    "float": "numbers",
    "str": "text values",
    "bool": "True/False values",
    "date": "dates (YYYY-MM-DD)",
}


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

    def in_words(self) -> str:
        """Return the type in plain words, for a reader of a notebook (``a whole number (int)``).

        Examples
        --------
        >>> parse_annotation("list[str]").in_words()
        'a list of text values'
        """
        if self.kind in _WORDS:
            return _WORDS[self.kind]
        if self.kind == "list":
            item = self.args[0]
            return f"a list of {_PLURAL_WORDS.get(item.kind, item.describe())}"
        if self.kind == "union":
            return " or ".join(member.in_words() for member in self.args)
        return self.describe()


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


def dotted_name(node: ast.AST) -> str | None:
    """Return ``a.b.c`` for a name or attribute chain (``None`` for the constant), else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted_name(node.value)
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
    name = dotted_name(node)
    if name is not None:
        if name in DATE_NAMES:
            return TypeSpec("date", text=text)
        if name in _SIMPLE_NAMES:
            return TypeSpec(_SIMPLE_NAMES[name], text=text)
        if name in _LIST_NAMES:
            return TypeSpec("list", (ANY,), text)
        if name in _DICT_NAMES:
            return TypeSpec("dict", (ANY,), text)
        return TypeSpec("any", text=text)
    if isinstance(node, ast.Subscript):
        base = dotted_name(node.value)
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


#: What :func:`convert` returns for a value that does not fit the type.
MISMATCH = object()


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
    result = convert(value, spec)
    if result is MISMATCH:
        raise TypeError(f"expected {spec.describe()}, found {value!r}")
    return result


def convert(value: Any, spec: TypeSpec) -> Any:
    """Return ``value`` converted to ``spec`` (see :func:`coerce`), or :data:`MISMATCH`."""
    kind = spec.kind
    if kind == "any":
        return value
    if kind == "none":
        return None if value is None else MISMATCH
    if kind == "bool":
        return value if isinstance(value, bool) else MISMATCH
    if kind == "int":
        return value if isinstance(value, int) and not isinstance(value, bool) else MISMATCH
    if kind == "float":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        return MISMATCH
    if kind == "str":
        return value if isinstance(value, str) else MISMATCH
    if kind == "date":
        return _coerce_date(value)
    if kind == "literal":
        for allowed in spec.args:
            if type(value) is type(allowed) and value == allowed:
                return value
        return MISMATCH
    if kind == "list":
        if not isinstance(value, list | tuple):
            return MISMATCH
        items = [convert(item, spec.args[0]) for item in value]
        return MISMATCH if any(item is MISMATCH for item in items) else items
    if kind == "dict":
        if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
            return MISMATCH
        values = {key: convert(item, spec.args[0]) for key, item in value.items()}
        return MISMATCH if any(item is MISMATCH for item in values.values()) else values
    if kind == "union":
        for member in spec.args:
            result = convert(value, member)
            if result is not MISMATCH:
                return result
        return MISMATCH
    return value


def _coerce_date(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return MISMATCH
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return MISMATCH
    return MISMATCH
