"""Cache keys: every input that shapes a report changes the key, and nothing else does.

Each test changes one thing in a small project (a notebook, a batch file, data files) and names
the part of the key that must change (``notebook``, ``parameters``, ``inputs``, ``environment``,
``render``), or asserts that the whole key stays the same.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
from importlib import metadata
from pathlib import Path

import pytest

from tradeviz.runner import cachekey
from tradeviz.runner.config import load_config
from tradeviz.runner.plan import make_plan

from .conftest import notebook_path, write_config

#: The one run of the typed_params report, and its parameters as the batch file gives them.
TYPED = "typed/default"
TYPED_PARAMETERS = {
    "year": 2021,
    "share": 0.25,
    "draft": True,
    "perspectives": ["KAZ", "CHN"],
    "flow": "imports",
    "start": "2021-07-20",
    "document": "neo",
}
#: A changed value for each parameter of typed_params.
OTHER_VALUES = {
    "year": 2022,
    "share": 0.26,
    "draft": False,
    "perspectives": ["CHN", "KAZ"],
    "flow": "exports",
    "start": "2021-07-21",
    "document": "neo2",
}


def _project(tmp_path: Path, *, inputs: list[str] | None = None, parameters=None) -> Path:
    """A batch of two reports over copied notebooks and three data files; returns its path."""
    data = tmp_path / "data"
    (data / "monthly").mkdir(parents=True, exist_ok=True)
    (data / "a.parquet").write_bytes(b"alpha")
    (data / "b.parquet").write_bytes(b"beta")
    (data / "monthly" / "m.parquet").write_bytes(b"monthly")
    (data / "notes.txt").write_text("not an input")
    shutil.copy(notebook_path("ok_report"), tmp_path / "report.ipynb")
    shutil.copy(notebook_path("typed_params"), tmp_path / "typed.ipynb")
    return write_config(
        tmp_path,
        [
            {"notebook": "report.ipynb", "matrix": {"partner": ["CHN", "RUS"]}},
            {
                "notebook": "typed.ipynb",
                "parameters": parameters or TYPED_PARAMETERS,
                "inputs": inputs if inputs is not None else ["data/**/*.parquet"],
            },
        ],
        defaults={"inputs": ["data/*.parquet"]},
    )


def _parts(path: Path) -> dict[str, dict[str, str]]:
    """The cache parts of every run of the batch file, computed as one batch does."""
    plan = make_plan(load_config(path))
    hasher = cachekey.InputHasher(path.parent)
    return {run.run_id: cachekey.cache_parts(run, hasher) for run in plan.runs}


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    assert (cachekey.cache_key(before) == cachekey.cache_key(after)) == (before == after)
    return cachekey.changed_parts(before, after)


def _edit_notebook(path: Path, change) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    change(notebook)
    path.write_text(json.dumps(notebook), encoding="utf-8")


# -- the key is a function of its inputs ----------------------------------------------------------


def test_the_same_project_gives_the_same_keys_and_each_run_its_own(tmp_path):
    path = _project(tmp_path)
    first, second = _parts(path), _parts(path)
    assert first == second
    keys = {run_id: cachekey.cache_key(parts) for run_id, parts in first.items()}
    assert sorted(keys) == ["report/CHN", "report/RUS", TYPED]
    assert len(set(keys.values())) == 3


def test_the_key_is_the_sha256_of_its_parts_as_canonical_json(tmp_path):
    parts = _parts(_project(tmp_path))[TYPED]
    assert sorted(parts) == ["environment", "inputs", "notebook", "parameters", "render"]
    expected = hashlib.sha256(
        json.dumps(parts, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    assert cachekey.cache_key(parts) == expected
    assert parts["render"] == cachekey.RENDER_VERSION


def test_the_inputs_part_hashes_each_matched_file_by_path_and_content(tmp_path):
    path = _project(tmp_path)
    files = {
        name: hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        for name in ("data/a.parquet", "data/b.parquet", "data/monthly/m.parquet")
    }
    recursive = json.dumps(files, sort_keys=True, separators=(",", ":"))
    assert _parts(path)[TYPED]["inputs"] == hashlib.sha256(recursive.encode()).hexdigest()
    flat = {name: digest for name, digest in files.items() if "monthly" not in name}
    flat_json = json.dumps(flat, sort_keys=True, separators=(",", ":"))
    assert _parts(path)["report/CHN"]["inputs"] == hashlib.sha256(flat_json.encode()).hexdigest()


# -- what must change the key ---------------------------------------------------------------------


def test_a_changed_code_cell_changes_the_notebook_part(tmp_path):
    path = _project(tmp_path)
    before = _parts(path)
    notebook = tmp_path / "report.ipynb"
    text = notebook.read_text(encoding="utf-8")
    assert "periods=12" in text
    notebook.write_text(text.replace("periods=12", "periods=11"), encoding="utf-8")
    after = _parts(path)
    assert _changed(before["report/CHN"], after["report/CHN"]) == ["notebook"]
    assert after[TYPED] == before[TYPED]  # another notebook


def test_a_changed_markdown_cell_or_tag_changes_the_notebook_part(tmp_path):
    path = _project(tmp_path)
    before = _parts(path)["report/CHN"]
    _edit_notebook(tmp_path / "report.ipynb", lambda nb: nb["cells"][0].update(source="# Other"))
    after_markdown = _parts(path)["report/CHN"]
    assert _changed(before, after_markdown) == ["notebook"]

    def tag(notebook):
        notebook["cells"][-1].setdefault("metadata", {})["tags"] = ["remove-input"]

    _edit_notebook(tmp_path / "report.ipynb", tag)
    assert _changed(after_markdown, _parts(path)["report/CHN"]) == ["notebook"]


def test_another_kernel_changes_the_notebook_part(tmp_path, monkeypatch):
    path = _project(tmp_path)
    before = _parts(path)["report/CHN"]
    # The plan refuses a kernel that is not installed: install a spec of that name.
    spec = tmp_path / "jupyter" / "kernels" / "tradeviz-py312" / "kernel.json"
    spec.parent.mkdir(parents=True)
    spec.write_text('{"argv": ["python", "-m", "ipykernel_launcher"], "display_name": "x"}')
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))

    def kernel(notebook):
        notebook["metadata"]["kernelspec"]["name"] = "tradeviz-py312"

    _edit_notebook(tmp_path / "report.ipynb", kernel)
    assert _changed(before, _parts(path)["report/CHN"]) == ["notebook"]


@pytest.mark.parametrize("name", sorted(OTHER_VALUES))
def test_each_parameter_changes_the_parameters_part(tmp_path, name):
    before = _parts(_project(tmp_path))[TYPED]
    changed = {**TYPED_PARAMETERS, name: OTHER_VALUES[name]}
    after = _parts(_project(tmp_path, parameters=changed))[TYPED]
    assert _changed(before, after) == ["parameters"]


def test_a_matrix_value_changes_only_its_own_run(tmp_path):
    path = _project(tmp_path)
    before = _parts(path)
    path.write_text(path.read_text(encoding="utf-8").replace("RUS", "ITA"), encoding="utf-8")
    after = _parts(path)
    assert set(after) == {"report/CHN", "report/ITA", TYPED}
    assert after["report/CHN"] == before["report/CHN"]
    assert _changed(before["report/RUS"], after["report/ITA"]) == ["parameters"]


@pytest.mark.parametrize("name", ["data/a.parquet", "data/b.parquet", "data/monthly/m.parquet"])
def test_each_input_file_content_changes_the_inputs_part(tmp_path, name):
    path = _project(tmp_path)
    before = _parts(path)
    (tmp_path / name).write_bytes(b"revised")
    after = _parts(path)
    assert _changed(before[TYPED], after[TYPED]) == ["inputs"]
    # report/* reads data/*.parquet: the file in a subfolder is not one of its inputs.
    expected = [] if "monthly" in name else ["inputs"]
    assert _changed(before["report/CHN"], after["report/CHN"]) == expected


def test_a_same_sized_edit_in_the_middle_of_a_file_changes_the_key(tmp_path):
    path = _project(tmp_path)
    big = tmp_path / "data" / "a.parquet"
    content = bytearray(os.urandom(3 << 20))  # more than one read chunk
    big.write_bytes(bytes(content))
    before = _parts(path)[TYPED]
    content[(3 << 20) // 2] ^= 0xFF
    big.write_bytes(bytes(content))
    assert _changed(before, _parts(path)[TYPED]) == ["inputs"]


def test_a_new_file_matching_a_glob_changes_the_inputs_part(tmp_path):
    path = _project(tmp_path)
    before = _parts(path)
    (tmp_path / "data" / "c.parquet").write_bytes(b"gamma")
    after = _parts(path)
    assert _changed(before["report/CHN"], after["report/CHN"]) == ["inputs"]
    assert _changed(before[TYPED], after[TYPED]) == ["inputs"]


def test_a_new_file_in_a_subfolder_changes_a_recursive_glob(tmp_path):
    path = _project(tmp_path)
    before = _parts(path)
    deep = tmp_path / "data" / "monthly" / "2021" / "07"
    deep.mkdir(parents=True)
    (deep / "m.parquet").write_bytes(b"july")
    after = _parts(path)
    assert _changed(before[TYPED], after[TYPED]) == ["inputs"]  # data/**/*.parquet
    assert after["report/CHN"] == before["report/CHN"]  # data/*.parquet: one level only


def test_a_folder_given_as_input_stands_for_every_file_beneath_it(tmp_path):
    path = _project(tmp_path, inputs=["data/monthly"])
    before = _parts(path)[TYPED]
    (tmp_path / "data" / "monthly" / "deeper").mkdir()
    (tmp_path / "data" / "monthly" / "deeper" / "x.csv").write_text("1")
    with_new_file = _parts(path)[TYPED]
    assert _changed(before, with_new_file) == ["inputs"]
    (tmp_path / "data" / "monthly" / "m.parquet").write_bytes(b"revised")
    assert _changed(with_new_file, _parts(path)[TYPED]) == ["inputs"]


def test_a_renamed_input_file_changes_the_inputs_part(tmp_path):
    path = _project(tmp_path)
    before = _parts(path)["report/CHN"]
    (tmp_path / "data" / "b.parquet").rename(tmp_path / "data" / "c.parquet")
    assert _changed(before, _parts(path)["report/CHN"]) == ["inputs"]


def test_a_removed_input_file_changes_the_inputs_part(tmp_path):
    path = _project(tmp_path)
    before = _parts(path)["report/CHN"]
    (tmp_path / "data" / "b.parquet").unlink()
    assert _changed(before, _parts(path)["report/CHN"]) == ["inputs"]


def _package_copy(tmp_path: Path, monkeypatch) -> Path:
    """A copy of tradeviz's package that the environment part reads instead of the real one."""
    copy = tmp_path / "package" / "tradeviz"
    shutil.copytree(cachekey.package_dir(), copy)
    monkeypatch.setattr(cachekey, "package_dir", lambda: copy)
    return copy


@pytest.mark.parametrize(
    "relative",
    [
        "runner/status.py",  # a module
        "__init__.py",
        "runner/report.css",  # a style the pages load
        "templates/page.html.j2",  # a template (new file)
        "data/vocabulary.csv",  # any packaged data file (new file)
    ],
)
def test_an_edit_to_the_package_source_changes_the_environment_part(
    tmp_path, monkeypatch, relative
):
    path = _project(tmp_path)
    package = _package_copy(tmp_path, monkeypatch)
    before = _parts(path)
    target = package / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as handle:
        handle.write("\n# edited\n")
    after = _parts(path)
    for run_id in before:
        assert _changed(before[run_id], after[run_id]) == ["environment"], run_id


def test_a_source_edit_between_two_batches_of_one_process_is_seen(tmp_path, monkeypatch):
    """No digest outlives its batch (an editable install in a long-lived kernel or lab)."""
    package = _package_copy(tmp_path, monkeypatch)
    first = cachekey.environment()["tradeviz_source"]
    (package / "runner" / "cachekey.py").write_text("# rewritten\n")
    assert cachekey.environment()["tradeviz_source"] != first


def test_the_source_digest_covers_paths_and_contents(tmp_path):
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "a.py").write_text("x = 1\n")
    (root / "sub" / "b.j2").write_text("{{ x }}")
    files = [("a.py", b"x = 1\n"), ("sub/b.j2", b"{{ x }}")]
    expected = hashlib.sha256()
    for name, content in files:
        expected.update(
            name.encode() + b"\0" + hashlib.sha256(content).hexdigest().encode() + b"\0"
        )
    assert cachekey.package_source_digest(root) == expected.hexdigest()
    (root / "sub" / "b.j2").rename(root / "sub" / "c.j2")  # same content, another name
    assert cachekey.package_source_digest(root) != expected.hexdigest()


@pytest.mark.parametrize(
    ("library", "version"), [("pandas", "0.0.1"), ("matplotlib", "1.0"), ("tradeviz", "9.9")]
)
def test_a_library_version_changes_the_environment_part(tmp_path, monkeypatch, library, version):
    path = _project(tmp_path)
    before = _parts(path)["report/CHN"]
    real = cachekey.metadata.version
    monkeypatch.setattr(
        cachekey.metadata, "version", lambda name: version if name == library else real(name)
    )
    assert _changed(before, _parts(path)["report/CHN"]) == ["environment"]


def test_another_python_changes_the_environment_part(tmp_path, monkeypatch):
    path = _project(tmp_path)
    before = _parts(path)["report/CHN"]
    monkeypatch.setattr(cachekey.platform, "python_version", lambda: "3.99.0")
    assert _changed(before, _parts(path)["report/CHN"]) == ["environment"]


def test_a_new_render_version_changes_the_render_part(tmp_path, monkeypatch):
    path = _project(tmp_path)
    before = _parts(path)["report/CHN"]
    monkeypatch.setattr(cachekey, "RENDER_VERSION", str(int(cachekey.RENDER_VERSION) + 1))
    assert _changed(before, _parts(path)["report/CHN"]) == ["render"]


# -- what must not change the key -----------------------------------------------------------------


def test_modification_times_do_not_change_the_key(tmp_path):
    path = _project(tmp_path)
    before = _parts(path)
    later = 2_000_000_000  # 2033
    for name in ("data/a.parquet", "data/monthly/m.parquet", "report.ipynb", "typed.ipynb"):
        os.utime(tmp_path / name, (later, later))
    assert _parts(path) == before


def test_the_order_of_parameters_does_not_change_the_key(tmp_path):
    before = _parts(_project(tmp_path))[TYPED]
    reversed_order = dict(reversed(list(TYPED_PARAMETERS.items())))
    assert list(reversed_order) != list(TYPED_PARAMETERS)
    assert _parts(_project(tmp_path, parameters=reversed_order))[TYPED] == before


def test_files_no_pattern_matches_do_not_change_the_key(tmp_path):
    path = _project(tmp_path)
    before = _parts(path)
    (tmp_path / "data" / "notes.txt").write_text("edited")
    (tmp_path / "data" / "new.csv").write_text("1")
    (tmp_path / "README.md").write_text("a project file")
    (tmp_path / "data" / ".a.parquet.swp").write_bytes(b"editor")
    assert _parts(path) == before


def test_outputs_execution_counts_and_cell_ids_do_not_change_the_key(tmp_path):
    path = _project(tmp_path)
    before = _parts(path)

    def executed(notebook):
        for number, cell in enumerate(notebook["cells"]):
            cell["id"] = f"other-{number}"
            if cell["cell_type"] == "code":
                cell["execution_count"] = number
                cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi"}]
        notebook["metadata"]["papermill"] = {"duration": 1.5}

    _edit_notebook(tmp_path / "report.ipynb", executed)
    assert _parts(path) == before


def test_bytecode_and_hidden_files_in_the_package_do_not_change_the_key(tmp_path, monkeypatch):
    path = _project(tmp_path)
    package = _package_copy(tmp_path, monkeypatch)
    before = _parts(path)
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "cli.cpython-399.pyc").write_bytes(b"bytecode")
    (package / "runner" / "status.pyc").write_bytes(b"bytecode")
    (package / "runner" / ".status.py.swp").write_bytes(b"editor")
    assert _parts(path) == before


# -- cost: once per batch -------------------------------------------------------------------------


def test_a_batch_hashes_the_package_once_and_each_input_file_once(tmp_path, monkeypatch):
    path = _project(tmp_path)
    digests, files = [], []
    real_digest, real_file = cachekey.package_source_digest, cachekey._sha256_file
    monkeypatch.setattr(
        cachekey, "package_source_digest", lambda: digests.append(1) or real_digest()
    )
    monkeypatch.setattr(cachekey, "_sha256_file", lambda p: files.append(p) or real_file(p))
    parts = _parts(path)
    assert len(parts) == 3 and len(digests) == 1
    data = tmp_path / "data"
    read = sorted(file.relative_to(data).as_posix() for file in files if data in file.parents)
    assert read == ["a.parquet", "b.parquet", "monthly/m.parquet"]


def test_environment_names_python_and_each_library_version():
    environment = cachekey.environment()
    assert environment["python"] == platform.python_version()
    for name in cachekey.KEY_DISTRIBUTIONS:
        assert environment[name] == metadata.version(name), name
    assert environment["tradeviz_source"] == cachekey.package_source_digest()
