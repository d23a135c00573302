"""Every way a run can end maps to its documented status and exit code, without a kernel.

The executor's outcomes are played through the real :class:`NotebookRunner` with a stand-in for
papermill that calls the runner's hooks as nbclient does and then raises what nbclient or papermill
would raise, and a stand-in kernel. The batch's own statuses (``cached``, ``interrupted``,
``invalid_params``) go through :func:`run_batch` with the fake executor. The real kernels of
``test_integration.py`` confirm the same mapping in the slow tier.

Each test that plays a run names the status it ends in with ``pytest.mark.runner_status``;
``test_fast_subset.py`` proves that every status has such a test in the fast subset.
"""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.exceptions import PapermillExecutionError

from tradeviz.runner import execute
from tradeviz.runner import status as st
from tradeviz.runner.batch import BatchOptions, run_batch
from tradeviz.runner.executor import RunTask
from tradeviz.runner.layout import REPORT_HTML, REPORT_NOTEBOOK, RUN_LOG
from tradeviz.runner.progress import LineReporter

from .conftest import FakeExecutor, entries, notebook_path, write_config

#: Each status, the batch exit code it gives alone (the module docstring of status.py).
DOCUMENTED_EXIT_CODES = {
    "ok": 0,
    "cached": 0,
    "cell_error": 1,
    "display_error": 1,
    "timeout": 3,
    "kernel_died": 3,
    "infra_error": 3,
    "invalid_params": 2,
    "interrupted": 4,
    "stopped_early": 0,
}
#: How a notebook that calls sys.exit(0) is classified (papermill calls it a success; the
#: report misses every later cell). Change it here and in status.SYS_EXIT_ZERO_STATUS together.
DOCUMENTED_SYS_EXIT_ZERO = "stopped_early"

#: The fixture notebook played: parameters, print, raise, print. With papermill's injected cell
#: after the parameters, the executed notebook's cell 3 is the source notebook's cell 3.
NOTEBOOK = notebook_path("cell_error")
FAILING_CELL = 3


class FakeKernel:
    """What NotebookRunner asks of a kernel; ``kill`` is observable (the run deadline uses it)."""

    def __init__(self, *, start_error: Exception | None = None) -> None:
        self.start_error = start_error
        self.killed = threading.Event()
        self.code: int | None = None
        self.km = self  # papermill receives it as ``km``: the fake papermill finds the kernel
        self.pgid = None
        self.shut_down = False

    async def start(self) -> None:
        if self.start_error is not None:
            raise self.start_error

    def kill(self) -> None:
        self.killed.set()

    def exit_code(self) -> int | None:
        return self.code

    async def shutdown(self) -> None:
        self.shut_down = True

    def output_text(self) -> str:
        return ""

    def remove_files(self) -> None:
        pass


def _reply(status: str, ename: str = "", evalue: str = "") -> dict[str, Any]:
    return {"content": {"status": status, "ename": ename, "evalue": evalue, "traceback": []}}


def _error_output(ename: str, evalue: str) -> dict[str, Any]:
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[])


class FakePapermill:
    """Plays papermill.execute_notebook: the hooks in nbclient's order, then the outcome.

    ``outcome`` says what happens at the failing cell; every cell before it runs fine.
    """

    def __init__(self, outcome: str) -> None:
        self.outcome = outcome
        self.calls = 0

    def __call__(self, input_path, output_path, *, parameters, km, **hooks) -> Any:
        self.calls += 1
        notebook = nbformat.read(input_path, as_version=4)
        # papermill drops the error markers a previous papermill run left in the notebook.
        notebook.cells = [
            cell
            for cell in notebook.cells
            if execute.ERROR_MARKER_TAG not in cell.metadata.get("tags", [])
        ]
        tags = {"tags": [execute.INJECTED_TAG]}  # papermill's injected-parameters cell
        injected = nbformat.v4.new_code_cell("# Parameters\n", metadata=tags)
        notebook.cells.insert(1, injected)
        notebook.metadata["papermill"] = {"parameters": parameters}
        if self.outcome == "fails_before_the_first_cell":
            raise RuntimeError("kernel did not answer")
        run_sync(hooks["on_notebook_start"])(notebook=notebook)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            hooks["on_cell_start"](cell=cell, cell_index=index)
            if index == FAILING_CELL:
                return self._fail(notebook, cell, index, km, hooks)
            hooks["on_cell_executed"](cell=cell, cell_index=index, execute_reply=_reply("ok"))
        return notebook

    def _fail(self, notebook, cell, index, kernel, hooks) -> Any:
        outcome = self.outcome
        if outcome == "ok":
            hooks["on_cell_executed"](cell=cell, cell_index=index, execute_reply=_reply("ok"))
            return notebook
        if outcome in ("cell_error", "sys_exit_1", "sys_exit_0", "sys_exit_none"):
            ename, evalue = {
                "cell_error": ("ValueError", "boom: x"),
                "sys_exit_1": ("SystemExit", "1"),
                "sys_exit_0": ("SystemExit", "0"),
                "sys_exit_none": ("SystemExit", ""),
            }[outcome]
            cell.outputs = [_error_output(ename, evalue)]
            reply = _reply("error", ename, evalue)
            hooks["on_cell_executed"](cell=cell, cell_index=index, execute_reply=reply)
            hooks["on_cell_error"](cell=cell, cell_index=index, execute_reply=reply)
            if ename == "SystemExit" and evalue in ("", "0"):
                return notebook  # papermill: sys.exit(0) is a success; later cells did not run
            raise PapermillExecutionError(index, 1, cell.source, ename, evalue, [])
        if outcome == "usage_error":
            # A line magic's UsageError goes to stderr: no error output, only the reply says it.
            reply = _reply("error", "UsageError", "Line magic function `%nope` not found.")
            hooks["on_cell_executed"](cell=cell, cell_index=index, execute_reply=reply)
            hooks["on_cell_error"](cell=cell, cell_index=index, execute_reply=reply)
            raise PapermillExecutionError(index, 1, cell.source, "CellExecutionError", "", [])
        if outcome == "display_error":
            # The cell's code ran ("ok"), then drawing its result failed: an error output only.
            cell.outputs = [_error_output("ValueError", r"Unknown symbol: \foo")]
            reply = _reply("ok")
            hooks["on_cell_executed"](cell=cell, cell_index=index, execute_reply=reply)
            assert reply["content"]["status"] == "error"  # the runner's hook failed the reply
            hooks["on_cell_error"](cell=cell, cell_index=index, execute_reply=reply)
            raise PapermillExecutionError(index, 1, cell.source, "ValueError", "x", [])
        if outcome == "cell_timeout":
            raise CellTimeoutError("A cell timed out while it was being executed")
        if outcome == "kernel_died":
            kernel.code = 1
            raise DeadKernelError("Kernel died")
        if outcome == "run_deadline":
            assert kernel.killed.wait(timeout=30), "the run's deadline never killed the kernel"
            raise DeadKernelError("Kernel died")
        if outcome == "broken_client":
            raise RuntimeError("zmq socket closed")
        raise AssertionError(outcome)


def _play(tmp_path, monkeypatch, outcome: str, *, kernels=None, run_timeout=None, notebook=None):
    """Run the fixture notebook through NotebookRunner with ``outcome``; return the result."""
    fake = FakePapermill(outcome)
    monkeypatch.setattr(execute.papermill, "execute_notebook", fake)
    made: list[FakeKernel] = []
    supply = iter(kernels or [])

    def new_kernel(task):
        kernel = next(supply, None) or FakeKernel()
        made.append(kernel)
        return kernel

    runner = execute.NotebookRunner(tmp_path / "sockets", emit=lambda message: None)
    monkeypatch.setattr(runner, "new_kernel", new_kernel)
    staging = tmp_path / "staging"
    task = RunTask(
        run_id="fixture/default",
        notebook=str(notebook or NOTEBOOK),
        kernel_name="python3",
        parameters={"label": "x"},
        staging=str(staging),
        cell_timeout=30,
        run_timeout=run_timeout,
        cache_key="k",
        title="fixture",
    )
    result = runner.run(task)
    assert all(kernel.shut_down for kernel in made if kernel.start_error is None)
    return result, staging, made, fake


def _stamped(staging: Path) -> dict[str, Any]:
    return json.loads((staging / REPORT_NOTEBOOK).read_text(encoding="utf-8"))["metadata"][
        "tradeviz"
    ]


def _banner(staging: Path) -> str:
    cells = json.loads((staging / REPORT_NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    first = cells[0]
    return (
        "".join(first["source"]) if execute.BANNER_TAG in first["metadata"].get("tags", []) else ""
    )


# -- the executor's outcomes -----------------------------------------------------------------------


@pytest.mark.runner_status("ok")
def test_every_cell_ran_is_ok(tmp_path, monkeypatch):
    result, staging, made, _ = _play(tmp_path, monkeypatch, "ok")
    assert (result.status, result.error, result.attempts) == ("ok", None, 1)
    assert st.exit_code([result.status]) == 0
    assert _stamped(staging)["status"] == "ok" and _banner(staging) == ""
    assert {p.name for p in staging.iterdir()} >= {REPORT_HTML, REPORT_NOTEBOOK, RUN_LOG}


@pytest.mark.runner_status("cell_error")
def test_a_cell_that_raises_is_a_cell_error(tmp_path, monkeypatch):
    result, staging, _, _ = _play(tmp_path, monkeypatch, "cell_error")
    assert result.status == "cell_error"
    assert result.error["message"] == f"cell {FAILING_CELL}: ValueError: boom: x"
    assert result.error["cell"] == FAILING_CELL
    assert st.exit_code([result.status]) == 1
    assert _stamped(staging)["status"] == "cell_error"
    assert _banner(staging) == ""  # papermill's own error cell says it


@pytest.mark.runner_status("display_error")
def test_an_error_while_displaying_a_result_is_a_display_error(tmp_path, monkeypatch):
    result, _, _, _ = _play(tmp_path, monkeypatch, "display_error")
    assert result.status == "display_error"
    assert result.error["ename"] == "ValueError" and result.error["cell"] == FAILING_CELL
    assert st.exit_code([result.status]) == 1


@pytest.mark.runner_status("cell_error")
def test_sys_exit_with_a_non_zero_value_is_a_cell_error(tmp_path, monkeypatch):
    result, staging, _, _ = _play(tmp_path, monkeypatch, "sys_exit_1")
    assert result.status == "cell_error"
    assert result.error["ename"] == "SystemExit"
    assert st.exit_code([result.status]) == 1
    assert "SystemExit" in _banner(staging)


@pytest.mark.runner_status(DOCUMENTED_SYS_EXIT_ZERO)
@pytest.mark.parametrize("outcome", ["sys_exit_0", "sys_exit_none"])
def test_sys_exit_zero_is_classified_as_documented(tmp_path, monkeypatch, outcome):
    """papermill returns normally; the runner still sees the SystemExit and later cells missing."""
    assert st.SYS_EXIT_ZERO_STATUS == DOCUMENTED_SYS_EXIT_ZERO
    result, staging, _, _ = _play(tmp_path, monkeypatch, outcome)
    assert result.status == DOCUMENTED_SYS_EXIT_ZERO
    assert result.error["ename"] == "SystemExit" and result.error["cell"] == FAILING_CELL
    assert "sys.exit stopped the notebook early" in result.error["message"]
    assert st.exit_code([result.status]) == DOCUMENTED_EXIT_CODES[DOCUMENTED_SYS_EXIT_ZERO]
    assert _stamped(staging)["status"] == DOCUMENTED_SYS_EXIT_ZERO
    assert "SystemExit" in _banner(staging)  # papermill marks nothing: the runner says it


@pytest.mark.runner_status("cell_error")
def test_a_line_magic_error_is_reported_by_the_kernels_own_name(tmp_path, monkeypatch):
    result, _, _, _ = _play(tmp_path, monkeypatch, "usage_error")
    assert result.status == "cell_error"
    assert result.error["ename"] == "UsageError"
    assert result.error["message"] == (
        f"cell {FAILING_CELL}: UsageError: Line magic function `%nope` not found."
    )


def test_cells_are_numbered_as_in_a_source_that_carries_papermills_error_markers(
    tmp_path, monkeypatch
):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    marker = {"tags": [execute.ERROR_MARKER_TAG]}
    # What papermill leaves in a notebook that failed: a banner on top, an anchor before the cell.
    notebook.cells.insert(
        0, nbformat.v4.new_markdown_cell("An Exception was encountered", metadata=marker)
    )
    notebook.cells.insert(
        3, nbformat.v4.new_markdown_cell("Execution stopped here", metadata=marker)
    )
    path = tmp_path / "marked.ipynb"
    nbformat.write(notebook, path)
    failing = next(
        number
        for number, cell in enumerate(notebook.cells, start=1)
        if "raise ValueError" in cell.source
    )
    assert failing == 5  # counted by hand in the file: banner, parameters, print, anchor, raise
    result, _, _, _ = _play(tmp_path, monkeypatch, "cell_error", notebook=path)
    assert result.error["cell"] == failing
    assert result.error["message"] == f"cell {failing}: ValueError: boom: x"


@pytest.mark.runner_status("timeout")
def test_a_cell_over_its_time_limit_is_a_timeout(tmp_path, monkeypatch):
    result, staging, _, _ = _play(tmp_path, monkeypatch, "cell_timeout")
    assert result.status == "timeout"
    assert result.error["message"] == (
        f"cell {FAILING_CELL}: CellTimeoutError: a cell ran longer than the cell timeout (30 s)"
    )
    assert st.exit_code([result.status]) == 3
    assert "timeout" in _banner(staging)


@pytest.mark.runner_status("timeout")
def test_a_run_over_its_deadline_is_a_timeout(tmp_path, monkeypatch):
    result, _, made, _ = _play(tmp_path, monkeypatch, "run_deadline", run_timeout=0.05)
    assert made[0].killed.is_set()
    assert result.status == "timeout"
    assert result.error["ename"] == "RunTimeout"
    assert "exceeded its time limit of 0.05 s" in result.error["message"]
    assert st.exit_code([result.status]) == 3


@pytest.mark.runner_status("kernel_died")
def test_a_kernel_that_dies_in_a_cell_is_kernel_died(tmp_path, monkeypatch):
    result, staging, _, _ = _play(tmp_path, monkeypatch, "kernel_died")
    assert result.status == "kernel_died"
    assert result.error["message"] == (
        f"cell {FAILING_CELL}: DeadKernelError: the kernel died (exit code 1)"
    )
    assert st.exit_code([result.status]) == 3
    assert "kernel_died" in _banner(staging)


@pytest.mark.runner_status("infra_error")
def test_a_kernel_that_never_starts_is_an_infra_error_after_three_attempts(tmp_path, monkeypatch):
    broken = [FakeKernel(start_error=OSError("no such kernel")) for _ in range(5)]
    result, staging, made, fake = _play(tmp_path, monkeypatch, "ok", kernels=broken)
    assert result.status == "infra_error"
    assert result.attempts == execute.START_ATTEMPTS == 3 and len(made) == 3
    assert fake.calls == 0
    assert result.error["ename"] == "KernelStartError"
    assert "did not start after 3 attempts: OSError: no such kernel" in result.error["message"]
    assert st.exit_code([result.status]) == 3
    assert _stamped(staging)["status"] == "infra_error"


@pytest.mark.runner_status("ok")
def test_a_kernel_that_starts_on_the_second_attempt_is_ok(tmp_path, monkeypatch):
    kernels = [FakeKernel(start_error=OSError("busy")), FakeKernel()]
    result, _, made, _ = _play(tmp_path, monkeypatch, "ok", kernels=kernels)
    assert (result.status, result.attempts, len(made)) == ("ok", 2, 2)


@pytest.mark.runner_status("infra_error")
def test_a_failure_before_the_first_cell_is_retried_then_an_infra_error(tmp_path, monkeypatch):
    result, _, made, fake = _play(tmp_path, monkeypatch, "fails_before_the_first_cell")
    assert result.status == "infra_error"
    assert fake.calls == 3 and len(made) == 3
    assert "RuntimeError: kernel did not answer" in result.error["message"]


@pytest.mark.runner_status("infra_error")
def test_a_client_failure_while_the_kernel_lives_is_an_infra_error(tmp_path, monkeypatch):
    result, _, _, fake = _play(tmp_path, monkeypatch, "broken_client")
    assert result.status == "infra_error" and fake.calls == 1  # cells ran: not retried
    assert result.error["message"] == f"cell {FAILING_CELL}: RuntimeError: zmq socket closed"


@pytest.mark.runner_status("infra_error")
def test_a_report_that_cannot_be_written_turns_ok_into_infra_error(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(execute.ReportExporter, "render", broken)
    result, _, _, _ = _play(tmp_path, monkeypatch, "ok")
    assert result.status == "infra_error"
    assert result.error["message"] == "OSError: disk full"


# -- the batch's own statuses --------------------------------------------------------------------


def _batch(tmp_path):
    return write_config(
        tmp_path,
        [{"notebook": "ok_trivial", "output": "r/{greeting}", "matrix": {"greeting": ["a", "b"]}}],
    )


def _run(path, fake):
    return run_batch(
        path, BatchOptions(), reporter=LineReporter(io.StringIO()), executor_factory=fake
    )


@pytest.mark.runner_status("cached")
def test_an_unchanged_good_run_is_cached(tmp_path):
    path = _batch(tmp_path)
    _run(path, FakeExecutor({"r/a": "ok", "r/b": "ok"}))
    again = FakeExecutor({})
    outcome = _run(path, again)
    assert again.submitted == []
    assert {run: entry["status"] for run, entry in entries(tmp_path / "reports").items()} == {
        "r/a": "cached",
        "r/b": "cached",
    }
    assert outcome.exit_code == 0 == st.exit_code(["cached", "cached"])


@pytest.mark.runner_status("interrupted")
def test_a_signal_marks_the_started_run_interrupted(tmp_path):
    path = _batch(tmp_path)
    outcome = _run(path, FakeExecutor({"r/a": "ok", "r/b": "ok"}, interrupt_after=1))
    runs = entries(tmp_path / "reports")
    assert (runs["r/a"]["status"], runs["r/b"]["status"]) == ("ok", "interrupted")
    assert outcome.exit_code == 4 == st.exit_code(["ok", "interrupted"])


@pytest.mark.runner_status("invalid_params")
def test_invalid_parameters_exit_2_before_any_run(tmp_path):
    path = write_config(tmp_path, [{"notebook": "ok_trivial", "parameters": {"greting": "x"}}])
    fake = FakeExecutor({})
    with pytest.raises(Exception, match="unknown parameter") as caught:
        _run(path, fake)
    assert caught.value.exit_code == 2 == st.exit_code([st.INVALID_PARAMS])
    assert fake.submitted == []


# -- the table itself ------------------------------------------------------------------------------


def test_the_documented_table_names_every_status():
    assert set(DOCUMENTED_EXIT_CODES) == set(st.STATUSES)
    assert len(st.STATUSES) == len(set(st.STATUSES))


@pytest.mark.parametrize(("status", "code"), sorted(DOCUMENTED_EXIT_CODES.items()))
def test_each_status_alone_gives_its_documented_exit_code(status, code):
    assert st.exit_code([status]) == code
    assert st.exit_code([status, "ok", "cached"]) == code


@pytest.mark.parametrize(
    ("statuses", "code"),
    [
        ([], 0),
        (["timeout", "cell_error"], 1),  # a notebook's failure wins over the machinery's
        (["kernel_died", "display_error"], 1),
        (["invalid_params", "cell_error"], 2),
        (["interrupted", "invalid_params", "cell_error", "timeout"], 4),
    ],
)
def test_mixed_statuses_follow_the_precedence(statuses, code):
    assert st.exit_code(statuses) == code
    assert st.exit_code(list(reversed(statuses))) == code


def test_a_signal_gives_4_whatever_the_runs_say():
    assert st.exit_code(["ok"], interrupted=True) == 4


def test_the_groups_partition_the_statuses():
    groups = {
        "good": st.GOOD,
        "notebook": st.NOTEBOOK_FAILURES,
        "infra": st.INFRA_FAILURES,
    }
    assert st.GOOD == {"ok", "cached"}
    assert st.NOTEBOOK_FAILURES == {"cell_error", "display_error"}
    assert st.INFRA_FAILURES == {"timeout", "kernel_died", "infra_error"}
    assert st.FAILED == st.NOTEBOOK_FAILURES | st.INFRA_FAILURES | {"interrupted"}
    assert not st.GOOD & st.FAILED
    assert sum(len(group) for group in groups.values()) == len(set().union(*groups.values()))
    assert set(st.SEVERITY) == set(st.STATUSES)
    assert sorted(st.SEVERITY, key=st.SEVERITY.get)[:2] == ["cell_error", "display_error"]
