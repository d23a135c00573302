"""YAML read with libyaml's C composer reads as the pure-Python loader reads, bounds and errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tradeviz import records
from tradeviz.errors import InputError
from tradeviz.records import MAX_C_NESTING, MAX_YAML_ALIASES, load_yaml, load_yaml_document

ROOT = Path(__file__).resolve().parents[1]
#: The YAML files of the project: claims files, sidecars, labels, the batch file.
DATA_YAML = sorted(
    [*(ROOT / "data").rglob("*.yaml"), *ROOT.glob("*.yaml")],
)

needs_libyaml = pytest.mark.skipif(
    not getattr(yaml, "__with_libyaml__", False), reason="PyYAML built without libyaml"
)


def pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read YAML as if PyYAML had no libyaml (the fallback)."""
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)


def marks(node: yaml.Node) -> list[tuple]:
    """Each node's kind, tag, value (scalars) and start and end lines and columns, in order."""
    found = [
        (
            type(node).__name__,
            node.tag,
            node.start_mark.line,
            node.start_mark.column,
            node.end_mark.line,
        )
    ]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found += marks(key) + marks(value)
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            found += marks(value)
    else:
        found.append(node.value)
    return found


def error_of(text: str, tmp_path: Path) -> str:
    path = tmp_path / "claims.yaml"
    with pytest.raises(InputError) as caught:
        load_yaml(path, text=text)
    return str(caught.value)


@needs_libyaml
def test_the_data_files_read_the_same_with_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    assert DATA_YAML  # the batch file reports.yaml at least
    texts = [path.read_text(encoding="utf-8") for path in DATA_YAML]
    fast = [
        (load_yaml(p, text=t), marks(load_yaml_document(p, text=t)[1]))
        for p, t in zip(DATA_YAML, texts, strict=True)
    ]
    assert records._c_composed(texts[0]) is not None  # libyaml did read them
    pure_python(monkeypatch)
    assert records._c_composed(texts[0]) is None
    slow = [
        (load_yaml(p, text=t), marks(load_yaml_document(p, text=t)[1]))
        for p, t in zip(DATA_YAML, texts, strict=True)
    ]
    assert fast == slow


#: Texts refused with one line; the line must not depend on libyaml.
REFUSED = {
    "syntax error": "claims:\n  - id: a\n    value: [1, 2\n",
    "a Python tag": "claims: !!python/object/apply:os.system ['true']\n",
    "too many aliases": "base: &b 1\nall: [" + ", ".join(["*b"] * (MAX_YAML_ALIASES + 1)) + "]\n",
    "an alias bomb": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]\n"
        for previous, name in zip("abcde", "bcdef", strict=True)
    ),
    "a recursive alias": "a: &a [1, *a]\n",
    "nesting past Python's recursion limit": "a: " + "[" * 5_000 + "]" * 5_000 + "\n",
    "an undefined alias": "a: *nowhere\n",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_yaml_reads_the_same_line_with_and_without_libyaml(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = REFUSED[name]
    with_libyaml = error_of(text, tmp_path)
    assert with_libyaml.startswith(str(tmp_path / "claims.yaml"))
    pure_python(monkeypatch)
    assert error_of(text, tmp_path) == with_libyaml


@needs_libyaml
def test_nesting_past_the_c_limit_is_read_by_pure_python(tmp_path: Path) -> None:
    depth = MAX_C_NESTING + 20
    text = "a: " + "[" * depth + "1" + "]" * depth + "\n"
    assert records._c_composed(text) is None
    value = load_yaml(tmp_path / "deep.yaml", text=text)["a"]
    for _ in range(depth):
        (value,) = value
    assert value == 1
    inside = MAX_C_NESTING - 1  # the top mapping is one level
    shallow = "a: " + "[" * inside + "1" + "]" * inside + "\n"
    assert records._c_composed(shallow) is not None


@needs_libyaml
@pytest.mark.parametrize("depth", [600, 5_000])
def test_nesting_too_deep_for_pure_python_is_refused_without_it(
    depth: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 600 levels pass libyaml's own bound (1,000) and 5,000 do not; neither may reach the
    # pure-Python loader, whose scan of the brackets grows with the square of the depth.
    text = "a: " + "[" * depth + "]" * depth + "\n"
    pure_python_loader = records._bounded_loader

    def refuse_pure_python():
        raise AssertionError("the pure-Python loader was used")

    monkeypatch.setattr(records, "_bounded_loader", refuse_pure_python)
    line = error_of(text, tmp_path)
    assert (
        line
        == f"{tmp_path / 'claims.yaml'}: YAML nested too deeply (expected a few levels of nesting)"
    )
    if depth < records._LIBYAML_MAX_NESTING:  # the deeper file is compared in REFUSED
        monkeypatch.setattr(records, "_bounded_loader", pure_python_loader)
        pure_python(monkeypatch)
        assert error_of(text, tmp_path) == line
