"""Shared fixtures, and the suite-wide timeout of slow tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# jsonschema looks for optional format checkers when it is imported (by nbformat, papermill):
# ``rfc3987_syntax`` then compiles its IRI grammars, about 2 s of CPU in every test process.
# Notebook validation uses no IRI format; hide the module as the runner's worker does
# (``tradeviz.runner.worker._import_jupyter_stack``).
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = PROJECT_ROOT / "data" / "raw"
#: Seconds a test marked ``slow`` (kernels, a browser) may take when it sets no timeout itself;
#: every other test has pyproject's ``timeout``.
SLOW_TEST_TIMEOUT = 600


#: The session fixture of the real build: one xdist worker computes it while the other waits.
REAL_DATA_FIXTURE = "figures_build"


def pytest_collection_modifyitems(config, items):
    """Give slow tests without their own ``timeout`` mark the longer :data:`SLOW_TEST_TIMEOUT`;
    run the tests of the real build first.

    The tests that use the real build (:data:`REAL_DATA_FIXTURE`) go first, in pytest-randomly's
    order, and the others after, in theirs (a stable sort). ``--dist worksteal`` hands each
    worker one contiguous half of the list: the first half starts with the build, and while one
    worker builds, the other runs tests of the second half that do not need it.
    """
    for item in items:
        if item.get_closest_marker("slow") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(SLOW_TEST_TIMEOUT))
    items.sort(key=lambda item: REAL_DATA_FIXTURE not in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


#: A figures table built once from data/raw, read instead of building it again (``make
#: mutation`` sets it: each mutant's test run would otherwise rebuild the same table).
PREBUILT_FIGURES_ENV = "TRADEVIZ_TEST_PREBUILT_FIGURES"


def made_once(tmp_path_factory, name: str, make):
    """Return ``make(folder)``, computed once per test session even when xdist runs workers.

    Without xdist this is ``make`` on a fresh temporary folder. Under xdist every worker is its
    own process with its own session fixtures: the first worker to get here computes the value
    into a folder of the run's shared temporary root, under a file lock, and pickles it; the
    other workers wait on the lock and read it back (pytest-xdist's documented recipe for a
    session fixture that runs once). ``make`` must return a picklable value, and what it writes
    in its folder is read-only for every test.
    """
    import os
    import pickle

    from filelock import FileLock

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker of a run
    folder = shared / name
    value_file = shared / f"{name}.pickle"
    with FileLock(str(shared / f"{name}.lock")):
        if value_file.is_file():
            return pickle.loads(value_file.read_bytes())
        folder.mkdir()
        value = make(folder)
        value_file.write_bytes(pickle.dumps(value))
        return value


@pytest.fixture(scope="session")
def figures_build(tmp_path_factory):
    """The BuildResult of building the repository's data/raw into a temporary folder.

    Built once per run (:func:`made_once`); the folder is shared: tests that change it copy it.
    """
    import os
    import shutil
    from types import SimpleNamespace

    from tradeviz.build import build

    prebuilt = os.environ.get(PREBUILT_FIGURES_ENV)

    def make(out: Path):
        if prebuilt:
            target = out / Path(prebuilt).name
            shutil.copyfile(prebuilt, target)
            return SimpleNamespace(figures_path=target)
        return build(RAW_DIR, out, force=True)

    return made_once(tmp_path_factory, "processed", make)


@pytest.fixture(scope="session")
def figures(figures_build):
    """The tidy figures table built from the repository's data/raw (read back from parquet)."""
    from tradeviz.figures import load_figures

    return load_figures(figures_build.figures_path)


@pytest.fixture(scope="session")
def real_results(figures, tmp_path_factory):
    """The checks run on the real figures and the repository's claims (nothing written).

    Computed once per run (:func:`made_once`): tests about what is done with the results read
    these rather than running the checks again.
    """
    from tradeviz.checks import run_checks

    return made_once(
        tmp_path_factory, "real_results", lambda _: run_checks(figures=figures, write=False)
    )


@pytest.fixture(scope="session")
def report_exporter():
    """One exporter of report pages per process, as each runner worker keeps one.

    nbconvert compiles the report's templates once per exporter: a test that renders a page
    reuses this one instead of compiling them again.
    """
    from tradeviz.runner.htmlreport import ReportExporter

    return ReportExporter()


def run_in_process(*args: str, root: Path | None = None):
    """Run ``tradeviz *args`` in this process (``tradeviz.cli.main``) with ``TRADEVIZ_ROOT=root``.

    Returns a ``subprocess.CompletedProcess`` (exit code, stdout, stderr) as a subprocess would.
    For tests about what a command prints, writes and exits with, not about the process: no
    interpreter start-up and no second import of pandas and matplotlib.
    """
    import contextlib
    import io
    import subprocess

    from tradeviz.cli import main

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        if root is not None:
            patch.setenv("TRADEVIZ_ROOT", str(root))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as ended:
                code = ended.code if isinstance(ended.code, int) else 1
            else:
                code = 0
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def pytest_sessionstart(session):
    """Stop at once, with the remedy, when the published raw files have not been fetched.

    Collecting alone needs no data: ``make setup`` collects the tests before any file is
    fetched, to write the bytecode of the test modules and of tradeviz once.
    """
    if session.config.option.collectonly:
        return
    from tradeviz.fetch import fetched_sidecars

    missing = [s.raw_file for s in fetched_sidecars(RAW_DIR) if not s.raw_file.is_file()]
    if missing:
        raise pytest.UsageError(
            f"{len(missing)} raw files are not fetched yet (e.g. {missing[0]}): run `make data`"
        )


#: The garbage collector's thresholds while the tests run (Python's default: 700, 10, 10).
#: Tests allocate many short-lived objects (pandas frames, matplotlib artists); a young
#: collection every 20,000 allocations rather than every 700 takes the collector's time in the
#: fast subset from about 4.8 s of CPU to 1.5 s, with the same peak memory per process.
TEST_GC_THRESHOLDS = (20_000, 20, 20)


def pytest_collection_finish(session):
    """Keep the garbage collector off the modules and tests collected (``tradeviz.heap``), and
    collect less often while the tests run (:data:`TEST_GC_THRESHOLDS`).

    Each full collection would otherwise walk the few million objects of every imported
    library and collected test again; freezing them takes about a tenth off the fast subset.
    """
    import gc

    from tradeviz.heap import freeze_for_good

    freeze_for_good()
    gc.set_threshold(*TEST_GC_THRESHOLDS)
