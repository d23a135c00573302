"""Plan a batch: check every run's parameters against its notebook before any kernel starts.

Notebooks are read as JSON and their ``parameters`` cell parsed with :mod:`ast`
(:mod:`tradeviz.parameters`); nothing here imports nbformat, papermill, pandas or matplotlib, so
``tradeviz plan`` and a fully cached ``tradeviz run`` stay fast.

A ``parameters`` cell that cannot be read whole (a magic is fine; a loop, a call or a line that
is not Python is not) stops the batch when :data:`tradeviz.parameters.POLICY` refuses such
cells; under papermill's policy (the default) the assignments that could be read are checked,
values for other names are injected unchecked after the cell (as papermill does), and the plan
carries a warning for each part not read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from tradeviz.errors import InputError
from tradeviz.parameters import (
    POLICY,
    Parameter,
    ParameterProblem,
    ParameterValidationError,
    Policy,
    cell_source,
    check_values,
    find_parameters_cell,
    read_notebook_json,
    read_parameters_cell,
)
from tradeviz.runner.config import BatchConfig, RunSpec

if TYPE_CHECKING:
    from tradeviz.runner.manifest import Manifest

#: The parameter through which notebooks receive the folder for their charts.
OUTPUT_DIR_PARAMETER = "output_dir"
#: Parameters that name where a notebook writes: a value must stay inside the run's folder,
#: since where a run writes is the runner's decision.
PATH_PARAMETERS = (OUTPUT_DIR_PARAMETER,)
#: What the runner passes as ``output_dir`` (relative to the kernel's working directory, which is
#: the run's own directory: the charts land in ``<run>/figures/``).
RUN_FIGURES_DIR = "figures"
#: Kernel used when a notebook names none.
DEFAULT_KERNEL = "python3"


class PlanError(ParameterValidationError):
    """The batch cannot run: every problem found, one line each (exit code 2)."""


@dataclass(frozen=True)
class NotebookInfo:
    """What the runner needs from a notebook file, read without nbformat.

    Attributes
    ----------
    path : pathlib.Path
        The ``.ipynb`` file.
    parameters : dict of str to Parameter, or None
        Its parameters; ``None`` when no cell is tagged ``parameters``, or when the cell could
        not be parsed (then ``unparsed`` says why).
    kernel_name : str
        ``metadata.kernelspec.name``, default ``python3``.
    content_hash : str
        sha256 of what determines the report: every cell's type, source and tags, the
        kernelspec and the language (not outputs, execution counts or cell ids).
    skipped : tuple of str
        The parts of the ``parameters`` cell that could not be read (with its location), when
        the policy lets such a notebook run; empty when the whole cell was read.
    """

    path: Path
    parameters: dict[str, Parameter] | None
    kernel_name: str
    content_hash: str
    skipped: tuple[str, ...] = ()

    @property
    def cell_read_whole(self) -> bool:
        """Whether every statement of the parameters cell was read (names can be refused)."""
        return not self.skipped


def read_notebook(path: Path, *, policy: Policy | None = None) -> NotebookInfo:
    """Read a notebook's parameters, kernel and content hash.

    Parameters
    ----------
    path : pathlib.Path
        The ``.ipynb`` file.
    policy : Policy, optional
        Default :data:`tradeviz.parameters.POLICY`: whether a cell that cannot be read whole
        is refused or its unread parts recorded in ``skipped``.

    Raises
    ------
    tradeviz.errors.InputError
        When the file is missing or is not a notebook, or (as the policy says) its parameters
        cell cannot be parsed.
    """
    policy = policy or POLICY
    notebook = read_notebook_json(path)
    metadata = notebook.get("metadata") or {}
    kernelspec = metadata.get("kernelspec") or {}
    kernel_name = kernelspec.get("name") or DEFAULT_KERNEL
    found = find_parameters_cell(notebook)
    parameters = None
    skipped: tuple[str, ...] = ()
    if found is not None:
        index, cell = found
        origin = f"{path}, cell {index + 1}"
        reading = read_parameters_cell(cell_source(cell), origin=origin, policy=policy)
        parameters = reading.parameters
        skipped = tuple(f"{origin}, {note}" for note in reading.skipped)
    return NotebookInfo(path, parameters, kernel_name, notebook_hash(notebook), skipped)


def notebook_hash(notebook: Mapping[str, Any]) -> str:
    """Return the sha256 of a notebook's cells (type, source, tags), kernelspec and language."""
    metadata = notebook.get("metadata") or {}
    content = {
        "kernelspec": (metadata.get("kernelspec") or {}).get("name"),
        "language": (metadata.get("language_info") or {}).get("name")
        or (metadata.get("kernelspec") or {}).get("language"),
        "cells": [
            [
                cell.get("cell_type"),
                cell_source(cell),
                sorted((cell.get("metadata") or {}).get("tags", [])),
            ]
            for cell in notebook.get("cells", [])
        ],
    }
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PlannedRun:
    """A run whose parameters fit its notebook.

    Attributes
    ----------
    spec : RunSpec
        The run as the batch file describes it.
    parameters : dict
        The values to inject, converted to the notebook's types, ``output_dir`` added when the
        notebook declares it and the file does not set it.
    notebook : NotebookInfo
        The notebook.
    """

    spec: RunSpec
    parameters: dict[str, Any]
    notebook: NotebookInfo

    @property
    def run_id(self) -> str:
        """The run's id (its folder under the output directory)."""
        return self.spec.run_id

    @property
    def kernel_name(self) -> str:
        """The kernel the run uses: the batch file's ``kernel``, else the notebook's."""
        return self.spec.kernel or self.notebook.kernel_name


@dataclass
class Plan:
    """The validated runs of a batch, in file order, and what the user should know about them.

    Attributes
    ----------
    config : BatchConfig
        The batch file.
    runs : list of PlannedRun
        The runs, in file order.
    warnings : list of str
        One line per notebook whose values go unchecked (its parameters cell cannot be parsed).
    """

    config: BatchConfig
    runs: list[PlannedRun] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def by_id(self) -> dict[str, PlannedRun]:
        """Return the runs keyed by run id."""
        return {run.run_id: run for run in self.runs}


def make_plan(
    config: BatchConfig, runs: Iterable[RunSpec] | None = None, *, policy: Policy | None = None
) -> Plan:
    """Validate runs against their notebooks; return the plan or raise with every problem.

    Parameters
    ----------
    config : BatchConfig
        The parsed batch file.
    runs : iterable of RunSpec, optional
        The runs to plan (default: all of them).
    policy : Policy, optional
        Default :data:`tradeviz.parameters.POLICY`.

    Returns
    -------
    Plan
        One :class:`PlannedRun` per run.

    Raises
    ------
    PlanError
        Missing notebooks, notebooks without a ``parameters`` cell that are given parameters,
        unknown parameter names, missing required values and wrong types, all listed at once;
        identical problems in several runs of one report are listed once with a count.
    """
    runs = config.runs if runs is None else list(runs)
    notebooks: dict[Path, NotebookInfo | InputError] = {}
    problems: dict[tuple[str, ...], list[Any]] = {}
    plan = Plan(config)

    def add(spec: RunSpec, problem: ParameterProblem | InputError) -> None:
        if isinstance(problem, InputError):
            key = (spec.entry, "", str(problem))
        else:
            key = (spec.entry, problem.name, problem.message, problem.expected, repr(problem.found))
        problems.setdefault(key, [problem, []])[1].append(spec.run_id)

    for spec in runs:
        info = notebooks.get(spec.notebook)
        if info is None:
            try:
                info = read_notebook(spec.notebook, policy=policy)
            except InputError as error:
                info = error
            else:
                plan.warnings.extend(
                    f"{note}: passed over, as papermill does" for note in info.skipped
                )
            notebooks[spec.notebook] = info
        if isinstance(info, InputError):
            add(spec, _located(info, config, spec))
            continue
        setup = _setup_problem(config, spec, spec.kernel or info.kernel_name)
        if setup is not None:
            add(spec, setup)
            continue
        escapes = [_path_problem(name, spec.parameters.get(name)) for name in PATH_PARAMETERS]
        escapes = [problem for problem in escapes if problem is not None]
        for problem in escapes:
            add(spec, problem)
        if escapes:
            continue
        declared = info.parameters
        if declared is None:
            if spec.parameters:
                add(
                    spec,
                    InputError(
                        "parameters given, but the notebook has no cell tagged 'parameters'",
                        file=config.path,
                        row=f"{spec.entry} ({spec.notebook_label})",
                        field="parameters",
                        expected="a notebook with a parameters cell",
                        found=sorted(spec.parameters),
                    ),
                )
                continue
            declared = {}
        given = spec.parameters
        if not info.cell_read_whole:
            # Names the cell may set in a part that could not be read: injected as given.
            unread = {name: value for name, value in given.items() if name not in declared}
            for name in unread:
                warning = (
                    f"{config.path}, {spec.entry}: parameter {name!r} is not among the "
                    f"assignments read in {spec.notebook_label}'s parameters cell; injected "
                    "unchecked"
                )
                if warning not in plan.warnings:
                    plan.warnings.append(warning)
            given = {name: value for name, value in given.items() if name in declared}
        else:
            unread = {}
        coerced, found = check_values(given, declared)
        coerced.update(unread)
        for problem in found:
            add(spec, problem)
        if found:
            continue
        if OUTPUT_DIR_PARAMETER in declared and OUTPUT_DIR_PARAMETER not in coerced:
            coerced[OUTPUT_DIR_PARAMETER] = RUN_FIGURES_DIR
        plan.runs.append(PlannedRun(spec, coerced, info))

    if problems:
        raise PlanError(_problem_errors(config, problems))
    return plan


def _setup_problem(config: BatchConfig, spec: RunSpec, kernel: str) -> InputError | None:
    """Refuse a run whose kernel is not installed or whose working directory is missing."""
    if spec.cwd is not None and not spec.cwd.is_dir():
        return InputError(
            "the working directory is not a folder",
            file=config.path,
            row=f"{spec.entry} ({spec.notebook_label})",
            field="cwd",
            expected="an existing folder, relative to the batch file",
            found=str(spec.cwd),
        )
    known = kernel_names()
    if known is not None and kernel.lower() not in known:
        return InputError(
            "no such Jupyter kernel is installed (it would fail at every start)",
            file=config.path,
            row=f"{spec.entry} ({spec.notebook_label})",
            field="kernel",
            expected="one of " + (", ".join(sorted(known)) or "none installed"),
            found=kernel,
        )
    return None


def kernel_names() -> frozenset[str] | None:
    """Return the names of the Jupyter kernels installed here (lower case), without Jupyter.

    The kernelspec folders on Jupyter's data path (``jupyter kernelspec list``), plus
    ``python3`` when ipykernel is importable (jupyter_client serves it without a folder).
    ``None`` when the data path cannot be read: then no kernel is refused up front.
    """
    import importlib.util

    try:
        from jupyter_core.paths import jupyter_path
    except ImportError:
        return None
    names = set()
    for folder in jupyter_path("kernels"):
        try:
            entries = list(Path(folder).iterdir())
        except OSError:
            continue
        names.update(entry.name.lower() for entry in entries if (entry / "kernel.json").is_file())
    if importlib.util.find_spec("ipykernel") is not None:
        names.add(DEFAULT_KERNEL)
    return frozenset(names)


def _path_problem(name: str, value: Any = None) -> ParameterProblem | None:
    """Refuse a path parameter that leaves the run's folder (absolute, or climbing with ``..``)."""
    if not isinstance(value, str):
        return None  # absent, or of the wrong type: the type check says so
    path = PurePosixPath(value.replace("\\", "/"))
    depth = 0
    for part in path.parts:
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 0:
            break
    if path.is_absolute() or value.startswith("~") or depth < 0:
        return ParameterProblem(
            name,
            "the path leaves the run's folder (the runner decides where a run writes)",
            value,
            expected="a relative path inside the run's folder, such as 'figures'",
        )
    return None


def check_run_folders(
    config: BatchConfig, runs: Iterable[RunSpec], manifest: Manifest | None = None
) -> None:
    """Refuse runs whose publishing would replace what is not their own report.

    Publishing a run replaces ``<output_dir>/<run id>/`` as a whole. That is right only when the
    folder is absent or holds this run's last report (the manifest records it there, or its
    ``report.ipynb`` is stamped with the run id) and no other run's report sits inside it.

    Parameters
    ----------
    config : BatchConfig
        The batch file.
    runs : iterable of RunSpec
        The runs to check.
    manifest : Manifest, optional
        The reports folder's manifest (read from ``config.output_dir`` when omitted).

    Raises
    ------
    PlanError
        One line per run whose folder is taken (exit code 2); nothing was written.
    """
    from tradeviz.runner import layout
    from tradeviz.runner.manifest import Manifest

    reports = config.output_dir
    if reports.exists() and not reports.is_dir():
        raise PlanError(
            [
                InputError(
                    "the output folder is a file",
                    file=config.path,
                    field="output_dir",
                    expected="a folder (or a path where one can be made)",
                    found=str(reports),
                )
            ]
        )
    if not reports.is_dir():
        return
    if manifest is None:
        manifest = Manifest.load(reports)
    problems = []
    for spec in runs:
        entry = manifest.get(spec.run_id) or {}
        recorded = {(entry.get(key) or {}).get("dir") for key in ("outputs", "last_ok")}
        reason = layout.folder_problem(reports, spec.run_id, spec.run_id in recorded)
        if reason is not None:
            problems.append(
                InputError(
                    "the run's folder is taken",
                    file=config.path,
                    row=f"run {spec.run_id} ({spec.entry})",
                    field="output",
                    expected="a run id whose folder is free or holds its own report",
                    found=reason,
                )
            )
    if problems:
        raise PlanError(problems)


def _located(error: InputError, config: BatchConfig, spec: RunSpec) -> InputError:
    """Prefix a notebook error with the batch entry that refers to it."""
    return InputError(
        error.message,
        file=config.path,
        row=f"{spec.entry} ({spec.notebook_label})",
        field="notebook",
        expected=error.expected,
        found=str(spec.notebook) if error.found is InputError._MISSING else error.found,
    )


def _problem_errors(
    config: BatchConfig, problems: Mapping[tuple[str, ...], list[Any]]
) -> list[InputError]:
    errors = []
    for problem, run_ids in problems.values():
        if isinstance(problem, InputError):
            errors.append(problem)
            continue
        where = f"run {run_ids[0]}"
        if len(run_ids) > 1:
            where += f" and {len(run_ids) - 1} more"
        errors.append(problem.to_error(file=config.path, row=where))
    return errors
