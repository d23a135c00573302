"""Edges of the cache key, as units: each part recomputed here with hashlib and json.

A run is given as a plain namespace with the attributes the key reads (the notebook's content
hash, the batch file's kernel, working directory and inputs, the parameters), so each input can
be changed alone.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import pytest

from tradeviz.runner import cachekey


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical(value) -> str:
    """The sha256 of a value as sorted, compact, UTF-8 JSON (the oracle of ``_sha256_json``)."""
    return sha(
        json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    )


def _run(*, kernel=None, cwd=None, inputs=(), parameters=None, content="nb-hash"):
    return SimpleNamespace(
        notebook=SimpleNamespace(content_hash=content),
        spec=SimpleNamespace(kernel=kernel, cwd=cwd, inputs=list(inputs)),
        parameters=parameters or {"year": 2021},
    )


class FixedHasher(cachekey.InputHasher):
    """An input hasher whose environment is given (the package is not read)."""

    def __init__(self, root: Path, env: dict[str, str] | None = None) -> None:
        super().__init__(root)
        self._environment = env or {"python": "3.11.0"}


def test_each_part_is_the_hash_of_its_input(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"alpha")
    parts = cachekey.cache_parts(
        _run(inputs=["*.csv"], parameters={"year": 2021, "partner": "CHN"}),
        FixedHasher(tmp_path, {"python": "3.11.0", "pandas": "2.2"}),
    )
    assert parts == {
        "notebook": "nb-hash",
        "parameters": sha(b'{"partner":"CHN","year":2021}'),
        "inputs": canonical({"a.csv": sha(b"alpha")}),
        "environment": canonical({"pandas": "2.2", "python": "3.11.0"}),
        "render": "1",
    }
    assert cachekey.cache_key(parts) == canonical(parts)


def test_non_ascii_parameters_and_inputs_hash_as_utf8(tmp_path):
    (tmp_path / "Казахстан.csv").write_bytes(b"x")
    parts = cachekey.cache_parts(
        _run(inputs=["*.csv"], parameters={"partner": "Китай"}), FixedHasher(tmp_path)
    )
    assert parts["parameters"] == sha('{"partner":"Китай"}'.encode())
    assert parts["inputs"] == sha('{"Казахстан.csv":"%s"}'.encode() % sha(b"x").encode())


@pytest.mark.parametrize(
    ("kernel", "cwd", "overrides"),
    [
        ("python3", None, {"kernel": "python3", "cwd": ""}),
        (None, Path("sub/dir"), {"kernel": None, "cwd": "sub/dir"}),
        ("ir", Path("x"), {"kernel": "ir", "cwd": "x"}),
    ],
)
def test_a_kernel_or_working_folder_of_the_batch_file_enters_the_notebook_part(
    tmp_path, kernel, cwd, overrides
):
    parts = cachekey.cache_parts(_run(kernel=kernel, cwd=cwd), FixedHasher(tmp_path))
    assert parts["notebook"] == canonical({"notebook": "nb-hash", **overrides})
    plain = cachekey.cache_parts(_run(), FixedHasher(tmp_path))
    assert plain["notebook"] == "nb-hash"


def test_inputs_are_labelled_relative_to_the_root_or_absolute_outside_it(tmp_path):
    root, outside = tmp_path / "project", tmp_path / "elsewhere"
    (root / "data" / "deep" / "er").mkdir(parents=True)
    outside.mkdir()
    (root / "data" / "top.csv").write_bytes(b"t")
    (root / "data" / "deep" / "er" / "low.csv").write_bytes(b"l")
    (outside / "far.csv").write_bytes(b"f")
    hasher = FixedHasher(root)
    found = hasher.digest(["data/**/*.csv", str(outside / "*.csv"), "missing/*.csv"])
    assert found == {
        "data/top.csv": sha(b"t"),
        "data/deep/er/low.csv": sha(b"l"),
        (outside / "far.csv").as_posix(): sha(b"f"),
    }
    # a folder stands for every file beneath it, at any depth; the folder itself is no file
    assert hasher.digest(["data"]) == {
        "data/top.csv": sha(b"t"),
        "data/deep/er/low.csv": sha(b"l"),
    }
    assert hasher.digest([]) == {}


def test_a_matched_folder_with_glob_characters_in_its_name_is_expanded_as_named(tmp_path):
    odd = tmp_path / "[odd]"
    odd.mkdir()
    (odd / "f.csv").write_bytes(b"o")
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "decoy.csv").write_bytes(b"d")  # what "[odd]" means as a pattern
    assert FixedHasher(tmp_path).digest(["*odd*"]) == {"[odd]/f.csv": sha(b"o")}


def test_a_file_larger_than_one_read_is_hashed_whole(tmp_path):
    big = tmp_path / "big.bin"
    data = bytes(range(256)) * ((1 << 20) // 256 * 2 + 3)  # two chunks and a bit
    big.write_bytes(data)
    assert cachekey._sha256_file(big) == sha(data)
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    assert cachekey._sha256_file(empty) == sha(b"")


def test_each_file_is_read_once_per_batch(tmp_path, monkeypatch):
    (tmp_path / "a.csv").write_bytes(b"a")
    hasher = FixedHasher(tmp_path)
    first = hasher.digest(["*.csv"])
    (tmp_path / "a.csv").write_bytes(b"changed within the batch")
    assert hasher.digest(["a.csv"]) == first
    assert FixedHasher(tmp_path).digest(["a.csv"]) == {"a.csv": sha(b"changed within the batch")}


@pytest.mark.parametrize(
    ("relative", "counts"),
    [
        ("tradeviz/module.py", True),
        ("templates/page.html.j2", True),
        ("vocab.yaml", True),
        ("module.pyc", False),
        ("module.pyo", False),
        ("__pycache__/module.cpython-311.pyc", False),
        ("sub/__pycache__/notes.txt", False),
        (".module.py.swp", False),
        ("sub/.hidden/module.py", False),
        ("module.py.orig", True),
    ],
)
def test_which_package_files_count_as_source(relative, counts):
    assert cachekey.is_package_source(Path(relative)) is counts


def test_the_source_digest_is_over_sorted_paths_and_contents(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.py").write_bytes(b"A")
    (tmp_path / "b" / "c.py").write_bytes(b"C")
    (tmp_path / "b" / "c.pyc").write_bytes(b"bytecode")
    expected = hashlib.sha256()
    for name, content in (("a.py", b"A"), ("b/c.py", b"C")):
        expected.update(name.encode() + b"\0" + sha(content).encode() + b"\0")
    assert cachekey.package_source_digest(tmp_path) == expected.hexdigest()


def test_the_installed_package_folder_holds_this_module():
    assert (cachekey.package_dir() / "runner" / "cachekey.py").is_file()
    assert cachekey.package_dir().name == "tradeviz"


def test_the_environment_names_every_library_and_marks_the_absent(monkeypatch):
    def version(name):
        if name == "papermill":
            raise metadata.PackageNotFoundError(name)
        return f"v-{name}"

    monkeypatch.setattr(cachekey.metadata, "version", version)
    monkeypatch.setattr(cachekey, "package_source_digest", lambda root=None: "digest")
    monkeypatch.setattr(cachekey.platform, "python_version", lambda: "3.99.1")
    monkeypatch.setattr(cachekey.platform, "python_implementation", lambda: "PyPy")
    env = cachekey.environment()
    assert env == {
        "python": "3.99.1",
        "implementation": "PyPy",
        **{name: f"v-{name}" for name in cachekey.KEY_DISTRIBUTIONS if name != "papermill"},
        "papermill": "absent",
        "tradeviz_source": "digest",
    }
    assert set(cachekey.KEY_DISTRIBUTIONS) >= {"tradeviz", "pandas", "nbconvert", "ipykernel"}
    hasher = cachekey.InputHasher(Path("."))
    assert hasher.environment() == env
    monkeypatch.setattr(cachekey, "environment", lambda: {"other": "call"})
    assert hasher.environment() == env  # asked once per batch


def test_changed_parts_name_what_differs_or_everything_without_a_record():
    new = {"notebook": "n", "parameters": "p", "inputs": "i"}
    assert cachekey.changed_parts(None, new) == ["notebook", "parameters", "inputs"]
    assert cachekey.changed_parts({}, new) == ["notebook", "parameters", "inputs"]
    assert cachekey.changed_parts(dict(new), new) == []
    assert cachekey.changed_parts({**new, "inputs": "old"}, new) == ["inputs"]
    assert cachekey.changed_parts({"notebook": "n"}, new) == ["parameters", "inputs"]
