"""The Dask executor on real Dask: a LocalCluster of processes, and `dask scheduler`/`dask worker`.

Nothing of Dask is mocked. A module-wide ``local:2`` cluster (two worker processes) serves most
tests; one test starts its own scheduler and worker with the ``dask`` command line.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from tradeviz.runner import cachekey
from tradeviz.runner.batch import BatchOptions, run_batch
from tradeviz.runner.cluster import ClusterError, DaskCluster
from tradeviz.runner.manifest import validate_manifest
from tradeviz.runner.progress import LineReporter

from .conftest import entries, read_manifest, write_config

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: Runs of each shipped notebook (a pattern may match several: the runs are counted as found).
SHIPPED_RUNS = (
    "claims_check/neo-2021-07-20",
    "source_integrity/all",
    "trade_shares/KAZ-CHN-2020-exports",
    "turnover_growth/KAZ-CHN-2021-m4",
    "investment_flows/*",
    "bilateral_profile/KAZ-CHN",
)


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two worker processes, connected and version-checked."""
    with DaskCluster("local:2") as connected:
        connected.connect()
        yield connected


def _batch(config, executor_factory=None, **options):
    out = io.StringIO()
    kwargs = {"executor_factory": executor_factory} if executor_factory else {}
    outcome = run_batch(config, BatchOptions(**options), reporter=LineReporter(out), **kwargs)
    return outcome, out.getvalue()


def _notebook(path: Path, parameters: str, *cells: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    first = nbformat.v4.new_code_cell(parameters)
    first.metadata["tags"] = ["parameters"]
    notebook.cells = [first, *(nbformat.v4.new_code_cell(cell) for cell in cells)]
    path.write_text(nbformat.writes(notebook))
    return path


# -- the shipped notebooks: the same results as on the local executor ---------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project (data built and checked, notebooks, reports.yaml) in a temp dir."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(PROJECT_ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(PROJECT_ROOT / "notebooks", root / "notebooks")
    shutil.copy(PROJECT_ROOT / "reports.yaml", root / "reports.yaml")
    env = {**os.environ, "TRADEVIZ_ROOT": str(root), "MPLBACKEND": "Agg"}
    for command in (["build"], ["check", "--integrity"]):
        subprocess.run(
            [sys.executable, "-m", "tradeviz", *command], env=env, capture_output=True, timeout=300
        )
    assert (root / "data" / "processed" / "figures.parquet").is_file()
    return root


def _files(run_dir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(run_dir).as_posix(): path.read_bytes()
        for path in sorted(run_dir.rglob("*"))
        if path.is_file() and (path.name == "results.json" or "figures" in path.parts)
    }


def test_the_shipped_notebooks_give_the_same_results_on_dask_as_locally(
    project, cluster, monkeypatch
):
    monkeypatch.setenv("TRADEVIZ_ROOT", str(project))
    config = project / "reports.yaml"
    local, _ = _batch(config, only=SHIPPED_RUNS)
    assert local.exit_code == 0, local.summary
    local_reports = project / "reports-local"
    (project / "reports").rename(local_reports)

    remote, text = _batch(config, executor_factory=cluster, only=SHIPPED_RUNS)
    assert remote.exit_code == 0, text
    reports = project / "reports"
    local_entries, remote_entries = entries(local_reports), entries(reports)
    assert remote_entries.keys() == local_entries.keys()
    assert len(remote_entries) >= len(SHIPPED_RUNS)
    workers = set()
    for run_id, entry in remote_entries.items():
        twin = local_entries[run_id]
        assert entry["status"] == twin["status"] == "ok", run_id
        assert entry["cache_key"] == twin["cache_key"], run_id
        assert entry["cache_parts"] == twin["cache_parts"], run_id
        assert entry["outputs"]["figures"] == twin["outputs"]["figures"], run_id
        assert entry["worker"].startswith("tcp://") and twin["worker"].startswith("local:")
        workers.add(entry["worker"])
        here, there = _files(reports / run_id), _files(local_reports / run_id)
        assert here.keys() == there.keys(), run_id
        assert any(name.endswith(".png") for name in here), run_id
        for name, data in here.items():
            assert data == there[name], f"{run_id}/{name} differs"
    assert workers <= set(cluster.client.nthreads())
    # A second run on Dask finds everything cached: the keys mean the same on both executors.
    again, _ = _batch(config, executor_factory=cluster, only=SHIPPED_RUNS)
    assert again.summary["counts"] == {"cached": len(remote_entries)}


# -- failures are classified as on the local executor -------------------------------------------


def test_a_dead_kernel_and_a_timeout_on_a_dask_worker_are_classified_as_locally(tmp_path, cluster):
    reports_of = {}
    for executor in ("local", "dask"):
        folder = tmp_path / executor
        folder.mkdir()
        config = write_config(
            folder,
            [
                {"notebook": "ok_trivial"},
                {"notebook": "dies"},
                {"notebook": "slow", "parameters": {"seconds": 60}, "cell_timeout": 3},
                {"notebook": "cell_error"},
            ],
            defaults={"inputs": [], "run_timeout": 120},
        )
        outcome, _ = _batch(config, executor_factory=cluster if executor == "dask" else None)
        assert outcome.exit_code == 1
        reports_of[executor] = entries(folder / "reports")
    for run_id, local in reports_of["local"].items():
        remote = reports_of["dask"][run_id]
        assert remote["status"] == local["status"], run_id
        assert (remote["error"] or {}).get("message") == (local["error"] or {}).get("message")
    statuses = {run_id: entry["status"] for run_id, entry in reports_of["dask"].items()}
    assert statuses == {
        "ok_trivial/default": "ok",
        "dies/default": "kernel_died",
        "slow/default": "timeout",
        "cell_error/default": "cell_error",
    }
    dies = reports_of["dask"]["dies/default"]
    assert dies["error"]["message"].endswith("the kernel died (exit code 1)")
    assert (tmp_path / "dask" / "reports" / "dies" / "default.failed" / "report.html").is_file()


# -- a lost worker: Dask runs the task again -------------------------------------------------------


class _KillOnFirstStart(LineReporter):
    """Kill the worker that runs the run at its first START; let the second attempt finish."""

    def __init__(self, stream, cluster, flag: Path):
        super().__init__(stream)
        self.cluster, self.flag = cluster, flag
        self.executor = None
        self.killed: list[str] = []

    def run_started(self, run_id):
        super().run_started(run_id)
        if not self.killed:
            address = self.executor.flights[run_id].worker
            pid = self.cluster.client.run(os.getpid, workers=[address])[address]
            os.kill(pid, signal.SIGKILL)
            self.killed.append(address)
        else:
            self.flag.write_text("go")


def test_a_worker_killed_mid_run_has_its_run_done_again_and_the_manifest_is_right(
    tmp_path, cluster
):
    cluster.client.wait_for_workers(2, timeout=60)
    flag = tmp_path / "go"
    notebook = _notebook(
        tmp_path / "waits.ipynb",
        f"flag: str = {str(flag)!r}",
        "import os, time\n"
        "deadline = time.monotonic() + 120\n"
        "while not os.path.exists(flag):  # the test writes it once the worker was killed\n"
        "    assert time.monotonic() < deadline, 'no flag'\n"
        "    time.sleep(0.05)\n",
        "from tradeviz.results import record\nrecord('attempt', 'done')",
    )
    config = write_config(tmp_path, [{"notebook": str(notebook)}])
    stream = io.StringIO()
    reporter = _KillOnFirstStart(stream, cluster, flag)

    def factory(workers, log_dir, prefetch):
        reporter.executor = cluster(workers, log_dir, prefetch)
        return reporter.executor

    factory.connect = cluster.connect
    outcome = run_batch(config, BatchOptions(), reporter=reporter, executor_factory=factory)
    assert outcome.exit_code == 0, stream.getvalue()
    assert stream.getvalue().count("waits/default START") == 2
    manifest = read_manifest(tmp_path / "reports")
    assert validate_manifest(manifest) == []
    entry = entries(tmp_path / "reports")["waits/default"]
    assert entry["status"] == "ok"
    assert entry["worker"] != reporter.killed[0]
    results = json.loads((tmp_path / "reports" / "waits" / "default" / "results.json").read_text())
    assert results["attempt"] == "done"


# -- before anything runs: versions, addresses ----------------------------------------------


def test_a_version_mismatch_is_one_line_exit_3_and_nothing_is_written(
    tmp_path, cluster, monkeypatch
):
    theirs = dict(cachekey.environment())
    mine = {**theirs, "pandas": "0.0.1"}
    monkeypatch.setattr(cachekey, "environment", lambda: mine)
    fresh = DaskCluster(cluster.client.scheduler.address)
    config = write_config(tmp_path, [{"notebook": "ok_trivial"}])
    try:
        with pytest.raises(ClusterError) as raised:
            _batch(config, executor_factory=fresh)
    finally:
        fresh.close()
    message = str(raised.value)
    assert raised.value.exit_code == 3
    assert "\n" not in message
    assert f"pandas {theirs['pandas']} here, 0.0.1 on the client" in message
    assert not (tmp_path / "reports").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_exit_3_and_nothing_is_written(tmp_path):
    config = write_config(tmp_path, [{"notebook": "ok_trivial"}])
    address = f"tcp://127.0.0.1:{_free_port()}"
    done = subprocess.run(
        [sys.executable, "-m", "tradeviz", "run", str(config), "--executor", "dask"],
        capture_output=True,
        text=True,
        env={**os.environ, "TRADEVIZ_DASK_SCHEDULER": address},
        timeout=120,
    )
    assert done.returncode == 3
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"tradeviz: error: cannot reach the Dask scheduler at {address}")
    assert not (tmp_path / "reports").exists()


# -- `dask scheduler` and `dask worker` with no shared folder ----------------------------------


def _hidden(folder: Path) -> list[str]:
    """A command prefix that runs a process in its own mount namespace with ``folder`` empty.

    As root (as in CI) ``unshare`` mounts an empty file system over the client's folder for the
    worker and its kernels: what they read of it can only have come through Dask. Elsewhere
    the worker simply runs in another folder.
    """
    probe = ["unshare", "--mount", "--propagation", "private", "true"]
    if os.geteuid() != 0 or not shutil.which("unshare") or subprocess.run(probe).returncode:
        return []
    script = 'mount -t tmpfs tmpfs "$0" && exec "$@"'
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(folder)]


def test_a_dask_worker_elsewhere_receives_the_inputs_and_returns_the_report(tmp_path):
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "data" / "greeting.txt").write_text("hello from the client")
    notebook = _notebook(
        project / "reads.ipynb",
        'label: str = "x"',
        "import os\n"
        "from tradeviz.paths import project_root\n"
        "from tradeviz.results import record\n"
        "root = project_root()\n"
        "record('greeting', (root / 'data' / 'greeting.txt').read_text())\n"
        "record('root', str(root))\n"
        "record('label', label)\n"
        f"record('client_folder_visible', os.path.exists({str(project / 'data')!r}))",
    )
    config = write_config(
        project,
        [{"notebook": str(notebook), "parameters": {"label": "dask"}}],
        defaults={"inputs": ["data/*.txt"]},
    )
    worker_home = Path(tempfile.mkdtemp(prefix="tvz-worker-"))
    hide = _hidden(project)
    dask = str(Path(sys.executable).parent / "dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {
        **os.environ,
        "HOME": str(worker_home),
        "MPLCONFIGDIR": str(worker_home / "mpl"),
        "IPYTHONDIR": str(worker_home / "ipython"),
        "JUPYTER_RUNTIME_DIR": str(worker_home / "runtime"),
        "TMPDIR": str(worker_home),
    }
    env.pop("TRADEVIZ_ROOT", None)
    processes: list[subprocess.Popen] = []
    try:
        processes.append(
            subprocess.Popen(
                [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        processes.append(
            subprocess.Popen(
                [*hide, dask, "worker", address, "--nworkers", "1", "--nthreads", "1",
                 "--no-dashboard", "--local-directory", str(worker_home), "--name", "elsewhere"],
                cwd=worker_home,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )  # fmt: skip
        with DaskCluster(address) as cluster:
            outcome, text = _batch(config, executor_factory=cluster)
            worker_address = next(iter(cluster.client.nthreads()))
    finally:
        for process in reversed(processes):
            os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(worker_home, ignore_errors=True)
    assert outcome.exit_code == 0, text
    run_dir = project / "reports" / "reads" / "default"
    results = json.loads((run_dir / "results.json").read_text())
    assert results["greeting"] == "hello from the client"
    assert results["label"] == "dask"
    assert not results["root"].startswith(str(project))  # the worker's own scratch folder
    assert results["root"].startswith(str(worker_home))
    assert (run_dir / "report.html").is_file() and (run_dir / "report.ipynb").is_file()
    entry = entries(project / "reports")["reads/default"]
    assert entry["worker"] == worker_address
    if hide:  # the worker and its kernel could not see the client's folder at all
        assert results["client_folder_visible"] is False
