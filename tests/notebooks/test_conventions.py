"""Conventions every notebook in ``notebooks/`` follows (checked on the committed files).

Each rule is a small checker returning the problems it finds, so that negative tests can show
that a checker catches what it is meant to catch (a convention test that cannot fail is no test).
"""

from __future__ import annotations

import ast
import copy
import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest

from tradeviz.notebook import PARAMETER_TYPES

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))

#: The shared contract of the common brief: notebook -> parameter -> default.
CONTRACT: dict[str, dict[str, object]] = {
    "claims_check": {
        "document": "neo-2021-07-20",
        "perspectives": ["KAZ", "CHN"],
        "output_dir": "figures",
    },
    "trade_shares": {
        "reporter": "KAZ",
        "partner": "CHN",
        "year": 2020,
        "flow": "exports",
        "top_n": 10,
        "output_dir": "figures",
    },
    "turnover_growth": {
        "reporter": "KAZ",
        "partner": "CHN",
        "year": 2021,
        "ytd_months": 4,
        "output_dir": "figures",
    },
    "investment_flows": {
        "investor": "CHN",
        "host": "KAZ",
        "start_year": 2005,
        "end_year": 2025,
        "output_dir": "figures",
    },
    "bilateral_profile": {
        "reporter": "KAZ",
        "partner": "CHN",
        "start_year": 1995,
        "end_year": 2022,
        "output_dir": "figures",
    },
    "source_integrity": {"source": "all", "output_dir": "figures"},
    "explore": {
        "reporter": "KAZ",
        "partner": "CHN",
        "year": 2020,
        "flow": "exports",
        "source": "all",
    },
}
#: Markdown introduction: at least this many characters of prose after the title.
MIN_INTRO_CHARS = 120
#: Statements that hold logic, which belongs in the package.
LOGIC_NODES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Lambda,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)
ABSOLUTE_PATH = re.compile(r"^(/|~|[A-Za-z]:[\\/])")
#: Metadata that only an executed or edited copy carries.
RUN_METADATA = ("papermill", "execution", "ExecuteTime", "collapsed", "scrolled")


def _code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def check_clean(nb) -> list[str]:
    """No outputs, no execution counts, no run metadata."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {index}: has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {index}: has an execution count")
        leftover = [key for key in RUN_METADATA if key in cell.get("metadata", {})]
        if leftover:
            problems.append(f"cell {index}: run metadata {leftover}")
    if "papermill" in nb.metadata:
        problems.append("notebook: papermill metadata")
    return problems


def check_intro(nb) -> list[str]:
    """A markdown title, then an introduction, before any code."""
    first = nb.cells[0] if nb.cells else None
    if first is None or first.cell_type != "markdown":
        return ["first cell is not markdown"]
    lines = first.source.strip().splitlines()
    if not lines or not lines[0].startswith("# "):
        return ["first cell does not start with a '# ' title"]
    intro = " ".join(line for line in lines[1:] if line.strip())
    if len(intro) < MIN_INTRO_CHARS:
        return [f"introduction shorter than {MIN_INTRO_CHARS} characters"]
    return []


def parameters_cell(nb):
    tagged = [cell for cell in nb.cells if "parameters" in _tags(cell)]
    return tagged[0] if len(tagged) == 1 else None


def check_parameters_cell(nb) -> list[str]:
    """Exactly one tagged code cell, the first code cell: annotated assignments with comments."""
    tagged = [cell for cell in nb.cells if "parameters" in _tags(cell)]
    if len(tagged) != 1:
        return [f"{len(tagged)} cells tagged 'parameters' (expected exactly 1)"]
    cell = tagged[0]
    problems = []
    if cell.cell_type != "code" or _code_cells(nb)[0] is not cell:
        problems.append("the parameters cell is not the first code cell")
    tree = ast.parse(cell.source)
    comments = {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(cell.source).readline)
        if token.type == tokenize.COMMENT
    }
    for node in tree.body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
            problems.append(f"line {node.lineno}: not an annotated assignment")
            continue
        if node.value is None:
            problems.append(f"line {node.lineno}: {node.target.id} has no default")
        if node.lineno not in comments:
            problems.append(f"line {node.lineno}: {node.target.id} has no trailing # comment")
    return problems


def parameter_defaults(nb) -> dict[str, object]:
    tree = ast.parse(parameters_cell(nb).source)
    return {node.target.id: ast.literal_eval(node.value) for node in tree.body}


def parameter_annotations(nb) -> dict[str, str]:
    tree = ast.parse(parameters_cell(nb).source)
    return {node.target.id: ast.unparse(node.annotation) for node in tree.body}


def check_thin(nb) -> list[str]:
    """No def, class, lambda, loops or comprehensions; no magics; no absolute paths."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError as error:
            problems.append(f"cell {index}: not plain Python ({error.msg})")
            continue
        for node in ast.walk(tree):
            if isinstance(node, LOGIC_NODES):
                problems.append(f"cell {index}: {type(node).__name__} (logic belongs in tradeviz)")
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and ABSOLUTE_PATH.match(node.value)
            ):
                problems.append(f"cell {index}: absolute path {node.value!r}")
    return problems


#: The set-up: one import, then ``tv = start(...)``, which checks and records the parameters.
SETUP_IMPORT = "tradeviz.notebook"
SETUP_CALL = "start"


def setup_call(nb) -> ast.Call | None:
    """Return the ``start(...)`` call of the set-up cell, or None when the cell is not one."""
    cells = _code_cells(nb)
    if len(cells) < 2:
        return None
    body = ast.parse(cells[1].source).body
    if len(body) != 2 or not isinstance(body[0], ast.ImportFrom):
        return None
    imported, assignment = body
    if imported.module != SETUP_IMPORT or not isinstance(assignment, ast.Assign):
        return None
    call = assignment.value
    if not isinstance(call, ast.Call) or getattr(call.func, "id", "") != SETUP_CALL:
        return None
    return call


def check_validates_first(nb) -> list[str]:
    """The code cell after the parameters is the set-up: an import and one ``start(...)`` call."""
    if setup_call(nb) is None:
        return ["the second code cell is not the one-call set-up (tv = start(...))"]
    return []


CHECKS = (check_clean, check_intro, check_parameters_cell, check_thin, check_validates_first)


def test_the_six_notebooks_exist():
    assert sorted(path.stem for path in NOTEBOOKS) == sorted(CONTRACT)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_follows_the_conventions(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    problems = [problem for check in CHECKS for problem in check(nb)]
    assert problems == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_parameters_match_the_shared_contract(path):
    nb = nbformat.read(path, as_version=4)
    assert parameter_defaults(nb) == CONTRACT[path.stem]
    annotations = parameter_annotations(nb)
    for name, annotation in annotations.items():
        expected = PARAMETER_TYPES[name]
        assert annotation == getattr(expected, "__name__", None) or annotation == str(expected)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_check_parameters_receives_every_parameter(path):
    nb = nbformat.read(path, as_version=4)
    call = setup_call(nb)
    passed = {kw.arg: ast.unparse(kw.value) for kw in call.keywords if kw.arg}
    expected = {name: name for name in CONTRACT[path.stem]}
    assert passed == expected


def test_check_validates_first_catches_a_set_up_that_is_more_than_one_call(clean_notebook):
    broken = copy.deepcopy(clean_notebook)
    cell = _code_cells(broken)[1]
    cell.source += "\nfigures = tv.figures"
    assert check_validates_first(broken) != []
    cell.source = "tv = start()"
    assert check_validates_first(broken) != []


def parameter_help(nb) -> dict[str, tuple[str, str, str]]:
    """Return name -> (annotation, default as written, trailing comment) of the parameters cell."""
    source = parameters_cell(nb).source
    comments = {
        token.start[0]: token.string.lstrip("#").strip()
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    return {
        node.target.id: (
            ast.unparse(node.annotation),
            ast.get_source_segment(source, node.value),
            comments[node.lineno],
        )
        for node in ast.parse(source).body
    }


def test_papermill_help_documents_the_parameters():
    # papermill's own command line (its click command), in this process: no new interpreter
    from click.testing import CliRunner
    from papermill.cli import papermill

    path = NOTEBOOKS_DIR / "trade_shares.ipynb"
    done = CliRunner().invoke(papermill, ["--help-notebook", str(path)])
    assert done.exit_code == 0, done.output
    shown = " ".join(done.output.split())  # papermill wraps long help onto the next line
    documented = parameter_help(nbformat.read(path, as_version=4))
    assert set(documented) == set(CONTRACT["trade_shares"])
    for name, (annotation, default, comment) in documented.items():
        assert f"{name}: {annotation} (default {default})" in shown
        assert len(comment) > 10 and " ".join(comment.split()) in shown


# --- the checkers catch what they are meant to catch ------------------------------------------


@pytest.fixture()
def clean_notebook():
    return nbformat.read(NOTEBOOKS_DIR / "trade_shares.ipynb", as_version=4)


def test_check_clean_catches_outputs_counts_and_run_metadata(clean_notebook):
    assert check_clean(clean_notebook) == []
    dirty = copy.deepcopy(clean_notebook)
    code = _code_cells(dirty)[-1]
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x")]
    assert any("outputs" in problem for problem in check_clean(dirty))
    dirty = copy.deepcopy(clean_notebook)
    _code_cells(dirty)[0].execution_count = 1
    assert any("execution count" in problem for problem in check_clean(dirty))
    dirty = copy.deepcopy(clean_notebook)
    _code_cells(dirty)[0].metadata["papermill"] = {"status": "completed"}
    assert any("run metadata" in problem for problem in check_clean(dirty))


def test_check_thin_catches_logic_and_paths(clean_notebook):
    for source, fragment in [
        ("def f():\n    return 1", "FunctionDef"),
        ("class A:\n    pass", "ClassDef"),
        ("for row in rows:\n    pass", "For"),
        ("x = [r for r in rows]", "ListComp"),
        ("f = lambda: 1", "Lambda"),
        ("p = '/work/main/data'", "absolute path"),
        ("%matplotlib inline", "not plain Python"),
    ]:
        nb = copy.deepcopy(clean_notebook)
        nb.cells.append(nbformat.v4.new_code_cell(source))
        assert any(fragment in problem for problem in check_thin(nb)), source


def test_check_parameters_cell_catches_missing_annotation_comment_or_tag(clean_notebook):
    nb = copy.deepcopy(clean_notebook)
    parameters_cell(nb).source += "\nextra = 1  # no annotation"
    assert any("not an annotated assignment" in p for p in check_parameters_cell(nb))
    nb = copy.deepcopy(clean_notebook)
    parameters_cell(nb).source += '\nextra: str = "x"'
    assert any("no trailing # comment" in p for p in check_parameters_cell(nb))
    nb = copy.deepcopy(clean_notebook)
    parameters_cell(nb).metadata["tags"] = []
    assert check_parameters_cell(nb) == ["0 cells tagged 'parameters' (expected exactly 1)"]
