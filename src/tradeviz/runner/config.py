"""``reports.yaml``: batches of notebook runs, expanded into one :class:`RunSpec` per run.

The file (all paths relative to its own folder)::

    output_dir: reports                 # where run directories, manifest.json and index.html go
    defaults:                           # for every report, unless the report sets its own
      cell_timeout: 600                 # seconds per cell (null: no limit)
      run_timeout: 1800                 # seconds per run, kernel killed after that
      inputs: ["data/processed/*.parquet"]   # files hashed into the cache key
    reports:
      - notebook: notebooks/trade_shares.ipynb
        name: trade_shares              # optional; default: the notebook's file stem
        output: "{name}/{reporter}-{partner}-{year}"   # run id and output folder
        parameters: {reporter: KAZ}     # values every run of this report gets
        matrix: {partner: [CHN, RUS], year: [2019, 2020]}   # cartesian product
        # or values taken from files: one per file the glob matches, sorted
        # matrix: {document: {glob: "data/raw/documents/*.meta.yaml", key: document_id}}
        # matrix: {document: {glob: "data/raw/claims/*.yaml", stem: true}}
        exclude: [{partner: RUS, year: 2019}]   # drop matrix rows matching all these values
        include: [{partner: ITA, year: 2021}]   # extra runs (parameters + this row)
        cwd: data                       # optional: where relative reads resolve (--cwd)
        kernel: python3                 # optional: the kernel instead of the notebook's (-k)

A report with neither ``matrix`` nor ``include`` is one run. Output templates use ``{name}``,
``{notebook}`` (the file stem) and the run's parameters; values are made safe for paths
(anything but letters, digits and ``._+=-`` becomes ``_``; lists are joined with ``+``). The
template's result is the run id; two runs may not share one.

The file is read with :func:`tradeviz.records.load_yaml` (PyYAML's safe loader, bounded) and
validated by the records below (:class:`BatchFile`, :class:`RunSettings`,
:class:`ReportEntry`); nothing here starts a kernel.
"""

from __future__ import annotations

import fnmatch
import itertools
import math
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator

from tradeviz.errors import InputError
from tradeviz.parameters import format_value
from tradeviz.records import Invalid, Record, load_yaml, parse_record, problem, read_yaml_text
from tradeviz.runner.layout import FAILED_SUFFIX, run_id_problem

#: Default name of the batch file, at the project root.
DEFAULT_CONFIG = "reports.yaml"
DEFAULT_OUTPUT_DIR = "reports"
#: Seconds a cell may run (nbclient's per-cell timeout).
DEFAULT_CELL_TIMEOUT = 600.0
#: Seconds a whole run may take, kernel start to last cell.
DEFAULT_RUN_TIMEOUT = 1800.0
#: Files whose content goes into every run's cache key unless a report says otherwise.
DEFAULT_INPUTS = ("data/processed/*.parquet",)
#: Most runs a batch file may expand to; counted before any matrix is expanded.
MAX_RUNS = 100_000
#: Most files a matrix glob may match (each one is a value of the parameter).
MAX_GLOB_FILES = 10_000
#: Keys of a matrix value taken from files: the glob, and ``stem: true`` or ``key: <name>``.
GLOB_KEYS = frozenset({"glob", "stem", "key"})

_UNSAFE = re.compile(r"[^A-Za-z0-9._+=-]+")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class RunSpec:
    """One notebook run of a batch, before validation against the notebook.

    Attributes
    ----------
    run_id : str
        Unique id, also the run's folder under the output directory (``a/b-c``).
    report : str
        Name of the report entry it comes from.
    entry : str
        Where it is defined, for messages (``reports[2]``).
    notebook : pathlib.Path
        Absolute path of the notebook.
    notebook_label : str
        The notebook as written in the file.
    parameters : dict
        Values given by the file (not yet checked or converted).
    cell_timeout, run_timeout : float or None
        Limits in seconds (``None``: none).
    inputs : tuple of str
        Glob patterns (relative to the file's folder) of files hashed into the cache key.
    cwd : pathlib.Path, optional
        The kernel's working directory, where the notebook's relative reads resolve (papermill's
        ``--cwd``); ``None``: the run's own folder. Where outputs go stays the runner's choice.
    kernel : str, optional
        The kernel to run the notebook with (papermill's ``-k``); ``None``: the notebook's own.
    """

    run_id: str
    report: str
    entry: str
    notebook: Path
    notebook_label: str
    parameters: dict[str, Any]
    cell_timeout: float | None = DEFAULT_CELL_TIMEOUT
    run_timeout: float | None = DEFAULT_RUN_TIMEOUT
    inputs: tuple[str, ...] = DEFAULT_INPUTS
    cwd: Path | None = None
    kernel: str | None = None


@dataclass
class BatchConfig:
    """A parsed ``reports.yaml``.

    Attributes
    ----------
    path : pathlib.Path
        The file.
    root : pathlib.Path
        Its folder; relative paths in the file are relative to it.
    output_dir : pathlib.Path
        Where the reports go.
    runs : list of RunSpec
        Every run, in file order.
    """

    path: Path
    root: Path
    output_dir: Path
    runs: list[RunSpec] = field(default_factory=list)

    def select(self, patterns: Iterable[str] = ()) -> list[RunSpec]:
        """Return the runs whose id, report name or notebook matches one of ``patterns``.

        Patterns are shell globs (``trade_shares/*``, ``*RUS*``); no pattern selects every run.
        """
        patterns = list(patterns)
        if not patterns:
            return list(self.runs)
        return [run for run in self.runs if any(_matches(run, pattern) for pattern in patterns)]


def _matches(run: RunSpec, pattern: str) -> bool:
    return any(
        fnmatch.fnmatchcase(candidate, pattern)
        for candidate in (run.run_id, run.report, run.notebook_label)
    )


# --- the file's records ----------------------------------------------------------------------
NonEmptyText = Annotated[str, Field(min_length=1), Invalid("must be a non-empty string")]
Timeout = Annotated[
    Annotated[float, Field(gt=0)] | None, Invalid("must be a positive number of seconds or null")
]
Globs = Annotated[list[str], Invalid("must be a list of glob patterns")]
ParameterValues = Annotated[
    dict[str, Any] | None, Invalid("must be a mapping of parameter names to values")
]
ParameterRows = Annotated[list[Any] | None, Invalid("must be a list of mappings")]


class BatchFile(Record):
    """The top level of a batch file: where reports go, defaults, the reports."""

    sort_keys_in_messages = True
    not_a_mapping = Invalid(
        "the batch file must be a mapping", "keys output_dir, defaults, reports"
    )

    output_dir: NonEmptyText = DEFAULT_OUTPUT_DIR
    defaults: Annotated[dict[Any, Any] | None, Invalid("must be a mapping", "a mapping")] = None
    reports: Annotated[list[Any], Field(min_length=1), Invalid("no reports", "a non-empty list")]


class RunSettings(Record):
    """Limits and cache inputs of a run: the file's ``defaults``, or a report's own."""

    sort_keys_in_messages = True

    cell_timeout: Timeout = DEFAULT_CELL_TIMEOUT
    run_timeout: Timeout = DEFAULT_RUN_TIMEOUT
    inputs: Globs = list(DEFAULT_INPUTS)


class ReportEntry(Record):
    """One entry of ``reports``: a notebook and the runs to make of it."""

    sort_keys_in_messages = True

    notebook: NonEmptyText
    name: Annotated[
        str | None,
        Field(pattern=_NAME.pattern),
        Invalid("not a usable report name", "letters, digits, '.', '_' or '-'"),
    ] = None
    cell_timeout: Timeout = DEFAULT_CELL_TIMEOUT
    run_timeout: Timeout = DEFAULT_RUN_TIMEOUT
    inputs: Globs = list(DEFAULT_INPUTS)
    parameters: ParameterValues = None
    matrix: ParameterValues = None
    include: ParameterRows = None
    exclude: ParameterRows = None
    output: NonEmptyText | None = None
    cwd: NonEmptyText | None = None
    kernel: NonEmptyText | None = None

    @field_validator("matrix")
    @classmethod
    def _matrix_values_are_lists(cls, matrix: dict[str, Any] | None) -> dict[str, Any] | None:
        for key, values in (matrix or {}).items():
            if isinstance(values, dict):
                _check_glob_spec(values, f"matrix.{key}")
                continue
            if not isinstance(values, list) or not values:
                raise problem(
                    "matrix values must be a non-empty list", field=f"matrix.{key}", found=values
                )
        return matrix

    @field_validator("include", "exclude")
    @classmethod
    def _rows_are_mappings(cls, rows: list[Any] | None, info) -> list[Any] | None:
        for index, row in enumerate(rows or []):
            if not isinstance(row, dict) or not all(isinstance(name, str) for name in row):
                raise problem(
                    "must be a mapping of parameter names to values",
                    found=row,
                    row_suffix=f".{info.field_name}[{index}]",
                )
        return rows

    def settings(self, defaults: RunSettings) -> RunSettings:
        """Return the run settings: the report's own where it sets them, else ``defaults``."""
        own = {key: getattr(self, key) for key in RunSettings.model_fields}
        given = {key: value for key, value in own.items() if key in self.model_fields_set}
        return defaults.model_copy(update=given)


def load_config(path: str | Path | None = None) -> BatchConfig:
    """Read and expand a batch file into runs.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The file; default ``reports.yaml`` at the project root.

    Returns
    -------
    BatchConfig
        The runs in file order, with their run ids.

    Raises
    ------
    tradeviz.errors.InputError
        For a missing or malformed file: unknown keys, wrong types, a template field that is
        not a parameter, duplicate run ids. The message names the file, the entry and the key.
    """
    if path is None:
        from tradeviz.paths import project_root

        path = project_root() / DEFAULT_CONFIG
    path = Path(path).resolve()
    text = read_yaml_text(
        path, missing="batch file not found", expected="a reports.yaml (see docs/runner.md)"
    )
    data = load_yaml(path, text=text, row_prefix="line ")
    batch = parse_record(BatchFile, data, file=path, row="top level")
    defaults = parse_record(RunSettings, batch.defaults or {}, file=path, row="defaults")
    root = path.parent
    output_dir = root / batch.output_dir
    reports = batch.reports
    config = BatchConfig(path=path, root=root, output_dir=output_dir)
    entries = [
        _with_file_values(
            parse_record(ReportEntry, raw, file=path, row=f"reports[{index}]"),
            root,
            path,
            f"reports[{index}]",
        )
        for index, raw in enumerate(reports)
    ]
    _check_run_count(entries, path)
    seen: dict[str, str] = {}
    for index, report in enumerate(entries):
        for run in _expand(report, f"reports[{index}]", defaults, path, root):
            if run.run_id in seen:
                raise InputError(
                    "two runs have the same run id (make the output template tell them apart)",
                    file=path,
                    row=run.entry,
                    field="output",
                    expected=f"a run id different from the one of {seen[run.run_id]}",
                    found=run.run_id,
                )
            seen[run.run_id] = run.entry
            config.runs.append(run)
    _check_nesting(config.runs, path)
    return config


def _check_glob_spec(spec: dict[str, Any], field: str) -> None:
    """Refuse a matrix value from files that is not ``{glob, stem: true}`` or ``{glob, key}``."""
    pattern = spec.get("glob")
    usable = (
        set(spec) <= GLOB_KEYS
        and isinstance(pattern, str)
        and pattern.strip()
        and not Path(pattern).is_absolute()
        and ".." not in Path(pattern).parts
        and (spec.get("stem") is True) != isinstance(spec.get("key"), str)
    )
    if not usable:
        raise problem(
            "not a matrix of values from files",
            expected='{glob: "<relative pattern>", stem: true} or {glob: ..., key: <YAML key>}',
            field=field,
            found=spec,
        )


def _with_file_values(report: ReportEntry, root: Path, path: Path, where: str) -> ReportEntry:
    """Replace each matrix value given as ``{glob: ...}`` by the values its files give."""
    if not report.matrix or not any(isinstance(v, dict) for v in report.matrix.values()):
        return report
    matrix = {
        name: _file_values(values, root, path, where, name) if isinstance(values, dict) else values
        for name, values in report.matrix.items()
    }
    return report.model_copy(update={"matrix": matrix})


def _file_values(spec: dict[str, Any], root: Path, path: Path, where: str, name: str) -> list:
    """Return one value per file the glob matches (sorted): its stem, or a key of its YAML."""
    files = []
    for match in sorted(root.glob(spec["glob"])):
        if match.is_file():
            files.append(match)
            if len(files) > MAX_GLOB_FILES:
                raise InputError(
                    "a matrix glob matches too many files",
                    file=path,
                    row=where,
                    field=f"matrix.{name}",
                    expected=f"at most {MAX_GLOB_FILES:,} files",
                    found=f"more than {MAX_GLOB_FILES:,} for {spec['glob']!r}",
                )
    values = []
    for file in files:
        if spec.get("stem"):
            values.append(file.name.split(".", 1)[0])
            continue
        data = load_yaml(file)
        value = data.get(spec["key"]) if isinstance(data, dict) else None
        if not isinstance(value, str | int | float) or isinstance(value, bool) or value == "":
            raise InputError(
                "a file of a matrix glob lacks the key",
                file=file,
                field=spec["key"],
                expected=f"a text or number (for matrix.{name} of {where} in {path.name})",
                found=value,
            )
        values.append(value)
    if not values:
        raise InputError(
            "a matrix glob matches no file",
            file=path,
            row=where,
            field=f"matrix.{name}",
            expected=f"files matching {spec['glob']!r} under {root}",
            found="none",
        )
    return list(dict.fromkeys(values))


def _check_nesting(runs: list[RunSpec], path: Path) -> None:
    """Refuse a run id that is a folder of another run (publishing one would replace both)."""
    ids = {run.run_id for run in runs}
    for run in runs:
        parts = run.run_id.split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth])
            if parent in ids:
                raise InputError(
                    "a run's folder would hold another run's folder",
                    file=path,
                    row=run.entry,
                    field="output",
                    expected=f"run ids that are not folders of one another ({parent!r})",
                    found=run.run_id,
                )


def _check_run_count(entries: list[ReportEntry], path: Path) -> None:
    """Refuse a batch whose matrices expand to more than :data:`MAX_RUNS` runs, before expanding."""
    total = 0
    for index, report in enumerate(entries):
        runs = len(report.include or [])
        if report.matrix:
            runs += math.prod(len(values) for values in report.matrix.values())
        elif not report.include:
            runs = 1
        total += runs
        if total > MAX_RUNS:
            sizes = " × ".join(str(len(values)) for values in (report.matrix or {}).values())
            raise InputError(
                "the batch expands to too many runs",
                file=path,
                row=f"reports[{index}]",
                field="matrix",
                expected=f"at most {MAX_RUNS:,} runs in the batch file",
                found=f"{total:,} runs"
                + (f" (this report's matrix is {sizes} = {runs:,} runs)" if sizes else ""),
            )


def _expand(
    report: ReportEntry, where: str, defaults: RunSettings, path: Path, root: Path
) -> list[RunSpec]:
    notebook_label = report.notebook
    notebook = (root / notebook_label).resolve()
    name = Path(notebook_label).stem if report.name is None else report.name
    settings = report.settings(defaults)
    fixed = dict(report.parameters or {})
    matrix = dict(report.matrix or {})
    include = [dict(row) for row in report.include or []]
    exclude = [dict(row) for row in report.exclude or []]
    template = report.output
    if template is None:
        varying = list(dict.fromkeys([*matrix, *(key for row in include for key in row)]))
        template = "{name}/" + ("-".join(f"{{{key}}}" for key in varying) or "default")

    combos: list[dict[str, Any]] = []
    if matrix:
        keys = list(matrix)
        for values in itertools.product(*(matrix[key] for key in keys)):
            combo = {**fixed, **dict(zip(keys, values, strict=True))}
            if not any(_row_matches(combo, row) for row in exclude):
                combos.append(combo)
    elif not include:
        combos.append(dict(fixed))
    combos.extend({**fixed, **row} for row in include)

    runs = []
    for number, parameters in enumerate(combos):
        run_id = render_output(
            template,
            name,
            Path(notebook_label).stem,
            parameters,
            path=path,
            where=f"{where} run {number + 1}",
        )
        runs.append(
            RunSpec(
                run_id=run_id,
                report=name,
                entry=where,
                notebook=notebook,
                notebook_label=notebook_label,
                parameters=parameters,
                cell_timeout=settings.cell_timeout,
                run_timeout=settings.run_timeout,
                inputs=tuple(settings.inputs),
                cwd=None if report.cwd is None else (root / report.cwd).resolve(),
                kernel=report.kernel,
            )
        )
    return runs


def _row_matches(combo: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    return all(key in combo and combo[key] == value for key, value in row.items())


def slug(value: Any) -> str:
    """Return ``value`` as a safe path component (``"KAZ"``, ``"2020"``, ``"KAZ+CHN"``).

    Examples
    --------
    >>> slug(["KAZ", "CHN"]), slug("a/b <c>"), slug(".."), slug(2020)
    ('KAZ+CHN', 'a_b_c_', '_', '2020')
    """
    if isinstance(value, list | tuple):
        text = "+".join(format_value(item) for item in value)
    else:
        text = format_value(value)
    return _UNSAFE.sub("_", text).lstrip(".") or "_"


def render_output(
    template: str,
    name: str,
    notebook_stem: str,
    parameters: Mapping[str, Any],
    *,
    path: Path | None = None,
    where: str | None = None,
) -> str:
    """Fill an output template with a run's parameters; return the run id.

    Parameters
    ----------
    template : str
        E.g. ``"{name}/{reporter}-{partner}-{year}"``.
    name, notebook_stem : str
        Values of ``{name}`` and ``{notebook}``.
    parameters : Mapping
        The run's parameters.
    path, where : optional
        Location for error messages.

    Returns
    -------
    str
        A relative POSIX path without empty, ``.`` or ``..`` parts.

    Raises
    ------
    tradeviz.errors.InputError
        When the template names a field that is not a parameter, uses a format spec, or
        produces an unusable path.
    """
    values = {key: slug(value) for key, value in parameters.items()}
    values.setdefault("name", slug(name))
    values.setdefault("notebook", slug(notebook_stem))
    parts = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        raise InputError(
            "malformed output template", file=path, row=where, field="output", found=str(error)
        ) from None
    for literal, field_name, format_spec, conversion in parsed:
        parts.append(literal)
        if field_name is None:
            continue
        if format_spec or conversion or field_name not in values:
            raise InputError(
                "the output template uses a field that is not a parameter of the run",
                file=path,
                row=where,
                field="output",
                expected="{name}, {notebook} or {<parameter>} without format spec; parameters: "
                + (", ".join(parameters) or "none"),
                found="{" + field_name + (f":{format_spec}" if format_spec else "") + "}",
            )
        parts.append(values[field_name])
    run_id = "".join(parts)
    reason = run_id_problem(run_id)
    if reason is not None:
        raise InputError(
            f"the output template gives an unusable folder name: {reason}",
            file=path,
            row=where,
            field="output",
            expected=(
                "a relative path of named folders, none hidden or ending in "
                f"{FAILED_SUFFIX!r}, not a file of the reports folder"
            ),
            found=run_id,
        )
    return run_id
