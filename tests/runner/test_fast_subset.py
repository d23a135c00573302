"""`make test-fast` plays a run ending in every runner status, without a kernel.

The tests of ``test_statuses.py`` name the status their run ends in with
``pytest.mark.runner_status``. A status whose only tests are marked ``slow`` (real kernels) would
leave a change to its mapping unseen by the fast subset: this module fails first.
"""

from __future__ import annotations

import re
from pathlib import Path

from tradeviz.runner import status as st

from . import test_statuses

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def _marks(function) -> list:
    return [*getattr(test_statuses, "pytestmark", []), *getattr(function, "pytestmark", [])]


def _statuses_played(*, fast: bool) -> dict[str, list[str]]:
    """Status -> the tests of test_statuses.py that play it (only the unmarked-slow ones)."""
    played: dict[str, list[str]] = {}
    for name, function in vars(test_statuses).items():
        if not name.startswith("test_") or not callable(function):
            continue
        marks = _marks(function)
        if fast and any(mark.name == "slow" for mark in marks):
            continue
        for mark in marks:
            if mark.name == "runner_status":
                played.setdefault(mark.args[0], []).append(name)
    return played


def test_every_status_is_played_by_a_test_of_the_fast_subset():
    played = _statuses_played(fast=True)
    missing = sorted(set(st.STATUSES) - set(played))
    assert not missing, f"no fast test in test_statuses.py ends in {missing}"
    assert set(played) <= set(st.STATUSES), sorted(set(played) - set(st.STATUSES))


def test_the_sys_exit_zero_test_is_marked_with_the_status_the_code_decides():
    played = _statuses_played(fast=True)
    assert "test_sys_exit_zero_is_classified_as_documented" in played[st.SYS_EXIT_ZERO_STATUS]


def test_make_test_fast_selects_the_tests_not_marked_slow_and_skips_no_file():
    text = MAKEFILE.read_text(encoding="utf-8")
    recipe = re.search(r"^test-fast:.*\n((?:\t.*\n)+)", text, flags=re.MULTILINE)
    assert recipe, "no test-fast target in the Makefile"
    pytest_lines = [line for line in recipe.group(1).splitlines() if "pytest" in line.lower()]
    assert len(pytest_lines) == 1, recipe.group(1)
    line = pytest_lines[0]
    assert '-m "not slow"' in line, line
    for narrowing in ("--ignore", "--deselect", " -k ", "::", " tests/"):
        assert narrowing not in line, f"{narrowing.strip()} in {line}"
