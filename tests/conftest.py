"""Shared fixtures, and the suite-wide timeout of slow tests."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = PROJECT_ROOT / "data" / "raw"
#: Seconds a test marked ``slow`` (kernels, a browser) may take when it sets no timeout itself;
#: every other test has pyproject's ``timeout``.
SLOW_TEST_TIMEOUT = 600


def pytest_collection_modifyitems(config, items):
    """Give slow tests without their own ``timeout`` mark the longer :data:`SLOW_TEST_TIMEOUT`."""
    for item in items:
        if item.get_closest_marker("slow") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(SLOW_TEST_TIMEOUT))


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


#: A figures table built once from data/raw, read instead of building it again (``make
#: mutation`` sets it: each mutant's test run would otherwise rebuild the same table).
PREBUILT_FIGURES_ENV = "TRADEVIZ_TEST_PREBUILT_FIGURES"


@pytest.fixture(scope="session")
def figures_build(tmp_path_factory):
    """The BuildResult of building the repository's data/raw into a temporary folder."""
    import os
    import shutil
    from types import SimpleNamespace

    from tradeviz.build import build

    out = tmp_path_factory.mktemp("processed")
    prebuilt = os.environ.get(PREBUILT_FIGURES_ENV)
    if prebuilt:
        target = out / Path(prebuilt).name
        shutil.copyfile(prebuilt, target)
        return SimpleNamespace(figures_path=target)
    return build(RAW_DIR, out, force=True)


@pytest.fixture(scope="session")
def figures(figures_build):
    """The tidy figures table built from the repository's data/raw (read back from parquet)."""
    from tradeviz.figures import load_figures

    return load_figures(figures_build.figures_path)


def pytest_sessionstart(session):
    """Stop at once, with the remedy, when the published raw files have not been fetched."""
    from tradeviz.fetch import fetched_sidecars

    missing = [s.raw_file for s in fetched_sidecars(RAW_DIR) if not s.raw_file.is_file()]
    if missing:
        raise pytest.UsageError(
            f"{len(missing)} raw files are not fetched yet (e.g. {missing[0]}): run `make data`"
        )
