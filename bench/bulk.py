"""Benchmark the bulk runner against the loop a user would otherwise write, or against Dask.

    .venv/bin/python bench/bulk.py [--runs 24] [--config reports.yaml] [--workers N]
    .venv/bin/python bench/bulk.py --executor dask [--runs 24] [--repeat 2]

Takes the first ``--runs`` runs of the shipped batch (``reports.yaml``; 0 = all) and, in this one
invocation, times:

1. ``tradeviz run --force`` on them (a fresh kernel per run, parallel workers, HTML in-process);
2. the serial loop: for each run, ``papermill in.ipynb out.ipynb -y <parameters>`` then
   ``jupyter nbconvert --to html out.ipynb``, one run after another;
3. a no-change re-run, ``tradeviz run`` (everything cached).

It prints both times and their ratio, and the ratio of the first run to the no-change re-run.

With ``--executor dask`` it times instead, ``--repeat`` times in alternation, the same batch
(``--force``) on:

1. the local executor with 2 workers, kernels forked from a pre-imported template (the default);
2. the local executor with 2 workers, each kernel a new Python process
   (``TRADEVIZ_KERNEL_TEMPLATE=0``): the per-run CPU before the kernel-start work;
3. the Dask executor on a 2-worker ``LocalCluster`` started by this script just before (its
   start-up is printed apart: a cluster outlives a batch), through ``--scheduler tcp://...``;

and prints the per-run CPU of each, the CPU of one kernel's start with and without the
template, and Dask's overhead: its wall time over the local executor's (target: at most 10 %).

Outputs go to ``bench/out/`` (ignored by git). With ``--fixture``, or when the real notebooks or
``data/processed`` are missing (it says so), it uses the runner's fixture notebook ``ok_report``
(pandas, matplotlib, a PNG, a results record: the guide's "toy report") instead, which shows the
runner's own overhead against the loop's.

The machine may be shared: the script also prints the CPU time of each part (children's user +
system time) and the load average, so a reader can tell noise from cost. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "bulk"
FIXTURE = ROOT / "tests" / "runner" / "notebooks" / "ok_report.ipynb"
BIN = Path(sys.executable).parent


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    label: str, command: list[str], **kwargs
) -> tuple[float, float, subprocess.CompletedProcess]:
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    wall = time.perf_counter() - start
    if done.returncode not in (0,):
        print(f"{label}: exit code {done.returncode}\n{done.stderr[-2000:]}", file=sys.stderr)
    return wall, children_cpu() - cpu, done


def select_runs(config: Path, count: int, fixture: bool) -> tuple[list[dict], str]:
    """Return the runs to bench (notebook, run id, parameters) and a note on what they are."""
    from tradeviz.parameters import to_json_value
    from tradeviz.runner.config import load_config
    from tradeviz.runner.plan import make_plan

    processed = ROOT / "data" / "processed" / "figures.parquet"
    plan, note = None, "--fixture was given"
    if not fixture:
        try:
            plan = make_plan(load_config(config))
        except Exception as error:  # missing notebooks: fall back to the fixture
            note = f"the shipped batch is not runnable ({error})"
        else:
            note = "" if processed.is_file() else "data/processed is not built (`make build`)"
    if plan is not None and not note:
        runs = [
            {
                "notebook": str(run.spec.notebook),
                "run_id": run.run_id,
                "parameters": to_json_value(
                    {k: v for k, v in run.parameters.items() if k != "output_dir"}
                ),
                "declares_output_dir": "output_dir" in (run.notebook.parameters or {}),
            }
            for run in plan.runs
        ]
        runs = runs[:count] if count else runs
        return runs, f"the shipped batch {config.name}: {len(runs)} of {len(plan.runs)} runs"
    count = count or 24
    runs = [
        {
            "notebook": str(FIXTURE),
            "run_id": f"ok_report/{number:02d}",
            "parameters": {"partner": f"P{number:02d}", "year": 2000 + number},
            "declares_output_dir": True,
        }
        for number in range(count)
    ]
    return runs, f"FIXTURE notebooks ({FIXTURE.name}, {count} runs) because {note}"


def write_config(runs: list[dict], directory: Path, source: Path) -> Path:
    """A batch file holding exactly these runs (the inputs of ``source``), under ``directory``."""
    import yaml

    try:
        declared = yaml.safe_load(source.read_text())["defaults"]["inputs"]
    except (OSError, KeyError, TypeError):
        declared = ["data/processed/*.parquet"]
    inputs = [str(source.resolve().parent / pattern) for pattern in declared]
    reports = [
        {
            "notebook": run["notebook"],
            "name": run["run_id"].split("/")[0],
            "output": run["run_id"],
            "parameters": run["parameters"],
        }
        for run in runs
    ]
    path = directory / "reports.yaml"
    config = {"output_dir": "reports", "defaults": {"inputs": inputs}, "reports": reports}
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def loop(runs: list[dict], directory: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """papermill then nbconvert, run after run, as a user's shell loop would."""
    failures = 0
    cpu, start = children_cpu(), time.perf_counter()
    for run in runs:
        target = directory / run["run_id"]
        target.mkdir(parents=True, exist_ok=True)
        parameters = dict(run["parameters"])
        if run["declares_output_dir"]:
            parameters["output_dir"] = str(target / "figures")
        output = target / "report.ipynb"
        papermill = [str(BIN / "papermill"), run["notebook"], str(output), "--no-progress-bar"]
        papermill += ["-y", json.dumps(parameters)]
        convert = [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(output)]
        for command in (papermill, convert):
            done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=target)
            if done.returncode:
                failures += 1
                print(f"loop: {' '.join(command[:2])} exit {done.returncode}", file=sys.stderr)
                break
    return time.perf_counter() - start, children_cpu() - cpu, failures


KERNEL_WORK = (
    "import pandas, matplotlib.pyplot\n"
    "from tradeviz.figures import load_figures\n"
    "from tradeviz.notebook import check_parameters, show_chart, show_table\n"
    "from tradeviz.charts.shares import draw_partner_shares\n"
)


def kernel_start_cpu(kernels: int) -> dict[str, float]:
    """CPU seconds per kernel to start it, import what a notebook's first cell imports, stop it.

    Runs in a child process so that its kernels' CPU is counted when they are reaped: a new
    kernel process is this process's child; a forked kernel is the template's, which is counted
    with the template when it ends (its own start-up is measured apart and left out).
    """
    script = f"""
import asyncio, json, resource, sys, tempfile
from pathlib import Path
from tradeviz.runner.kernels import RunKernel, socket_root, template_environment
from tradeviz.runner.kerneltemplate import KernelTemplate

def children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime

async def one(kernel):
    await kernel.start()
    client = kernel.km.client()
    client.start_channels()
    await client.wait_for_ready(timeout=120)
    reply = await client.execute_interactive({KERNEL_WORK!r}, timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    client.stop_channels()
    await kernel.shutdown()

def batch(count, template):
    sockets, work = socket_root(), Path(tempfile.mkdtemp())
    for number in range(count):
        kernel = RunKernel("python3", work / str(number), sockets, template=template)
        asyncio.run(one(kernel))
        kernel.remove_files()

mode, count = sys.argv[1], int(sys.argv[2])
before = children()
if mode == "process":
    batch(count, None)
else:
    template = KernelTemplate(template_environment())
    template.start()
    template.usable()
    batch(count, template)
    template.close()
print(json.dumps(children() - before))
"""

    def measure(mode: str, count: int) -> float:
        done = subprocess.run(
            [sys.executable, "-c", script, mode, str(count)], capture_output=True, text=True
        )
        if done.returncode:
            print(done.stderr[-2000:], file=sys.stderr)
            return float("nan")
        return float(done.stdout.strip().splitlines()[-1])

    template_alone = measure("template", 0)
    return {
        "new process": measure("process", kernels) / kernels,
        "forked": (measure("template", kernels) - template_alone) / kernels,
        "template start": template_alone,
    }


NOTEBOOK_WORK = """
import json, os, resource, sys, tempfile, time
os.environ["MPLBACKEND"] = "Agg"
import matplotlib.pyplot, pandas
from papermill.translators import PythonTranslator
from tradeviz.params import from_json_value
runs = json.loads(sys.stdin.read())
spent = 0.0
for run in runs:
    cells = [c for c in json.load(open(run["notebook"]))["cells"] if c["cell_type"] == "code"]
    values = {k: from_json_value(v) for k, v in run["parameters"].items()}
    if run["declares_output_dir"]:
        values["output_dir"] = "figures"
    folder = tempfile.mkdtemp()
    os.chdir(folder)
    os.environ["TRADEVIZ_RUN_DIR"] = folder
    namespace = {}
    start = time.process_time()
    for number, cell in enumerate(cells):
        exec("".join(cell["source"]), namespace)
        if number == 0:
            exec(PythonTranslator.codify(values), namespace)
        matplotlib.pyplot.close("all")
    spent += time.process_time() - start
print(spent / len(runs))
"""


def notebook_work_cpu(runs: list[dict]) -> float:
    """CPU seconds per run of the notebooks' own code, in one process that imported everything."""
    command = [sys.executable, "-c", NOTEBOOK_WORK]
    done = subprocess.run(command, input=json.dumps(runs), capture_output=True, text=True)
    if done.returncode:
        print(done.stderr[-2000:], file=sys.stderr)
        return float("nan")
    return float(done.stdout.strip().splitlines()[-1])


def started_cluster(workers: int) -> tuple[object, float]:
    """A LocalCluster of ``workers`` processes (one thread each) and the seconds it took."""
    import logging

    from distributed import LocalCluster

    start = time.perf_counter()
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return cluster, time.perf_counter() - start


def executors(config: Path, selected: list[dict], repeat: int, env: dict[str, str]) -> None:
    """Local executor with and without the kernel template, and Dask on a LocalCluster."""
    runs = len(selected)
    base = [str(BIN / "tradeviz"), "run", str(config), "--format", "json", "--force"]
    local = [*base, "--workers", "2"]
    names = ("local, forked kernels", "local, new kernel processes", "dask, LocalCluster of 2")
    walls: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    starts: list[float] = []

    def record(round_number: int, name: str, wall: float, cpu: float, stdout: str) -> None:
        walls[name].append(wall)
        cpus[name].append(cpu)
        counts = json.loads(stdout or "{}").get("counts", {})
        print(
            f"[{round_number}] {name:28s}: {wall:7.2f} s wall, {cpu:7.2f} s CPU "
            f"({cpu / runs:.2f} s per run)  {counts}"
        )

    for round_number in range(1, repeat + 1):
        wall, cpu, done = timed(names[0], local, env=env)
        record(round_number, names[0], wall, cpu, done.stdout)
        extra = {"TRADEVIZ_KERNEL_TEMPLATE": "0"}
        wall, cpu, done = timed(names[1], local, env={**env, **extra})
        record(round_number, names[1], wall, cpu, done.stdout)
        # A fresh cluster each round, started before the clock: a cluster outlives batches.
        cpu_before = children_cpu()
        cluster, started = started_cluster(2)
        starts.append(started)
        address = cluster.scheduler_address  # type: ignore[attr-defined]
        command = [*base, "--executor", "dask", "--scheduler", address]
        wall, _, done = timed(names[2], command, env=env)
        cluster.close()  # type: ignore[attr-defined]
        record(round_number, names[2], wall, children_cpu() - cpu_before, done.stdout)
    best = {name: min(values) for name, values in walls.items()}
    cpu = {name: min(values) / runs for name, values in cpus.items()}
    print(
        f"per-run CPU: {cpu[names[1]]:.2f} s with a new kernel process per run, "
        f"{cpu[names[0]]:.2f} s with kernels forked from the template, "
        f"{cpu[names[2]]:.2f} s on Dask (its scheduler and workers' start included)"
    )
    kernels = kernel_start_cpu(8)
    print(
        f"kernel start + first-cell imports + stop, CPU per kernel (8 kernels): "
        f"{kernels['new process']:.2f} s as a new process, {kernels['forked']:.2f} s forked "
        f"from the template (which costs {kernels['template start']:.2f} s once per worker)"
    )
    print(
        f"the notebooks' own code (no kernel, everything imported): "
        f"{notebook_work_cpu(selected):.2f} s CPU per run"
    )
    local_wall, dask_wall = best[names[0]], best[names[2]]
    print(f"LocalCluster of 2 started in {min(starts):.1f} s (not in the Dask wall times)")
    print(
        f"dask / local wall time (best of {repeat}): {dask_wall:.2f} / {local_wall:.2f} s = "
        f"{dask_wall / local_wall:.3f} (Dask's overhead: "
        f"{(dask_wall - local_wall) / dask_wall:+.1%} of its wall time)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=24, help="runs to bench (0: the whole batch)")
    parser.add_argument("--config", type=Path, default=ROOT / "reports.yaml")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument(
        "--fixture", action="store_true", help="bench the toy fixture notebook, not the batch"
    )
    parser.add_argument(
        "--executor",
        choices=["loop", "dask"],
        default="loop",
        help="loop: against papermill + nbconvert; dask: local executor against Dask",
    )
    parser.add_argument("--repeat", type=int, default=1, help="rounds with --executor dask")
    args = parser.parse_args()

    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    runs, note = select_runs(args.config, args.runs, args.fixture)
    config = write_config(runs, OUT, args.config)
    env = {**os.environ, "MPLBACKEND": "Agg", "CI": "1"}
    tradeviz = [str(BIN / "tradeviz"), "run", str(config), "--format", "json"]
    if args.workers:
        tradeviz += ["--workers", str(args.workers)]

    print(f"bench/bulk.py: {note}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    if args.executor == "dask":
        executors(config, runs, max(1, args.repeat), env)
        print(f"load average at end: {os.getloadavg()[0]:.2f}")
        return

    first, first_cpu, done = timed("tradeviz run --force", [*tradeviz, "--force"], env=env)
    counts = json.loads(done.stdout or "{}").get("counts", {})
    print(f"tradeviz run --force : {first:7.2f} s wall, {first_cpu:7.2f} s CPU  {counts}")
    print(f"per-run CPU          : {first_cpu / len(runs):7.2f} s")

    loop_wall, loop_cpu, failures = loop(runs, OUT / "loop", env)
    print(
        f"papermill + nbconvert loop: {loop_wall:7.2f} s wall, {loop_cpu:7.2f} s CPU"
        f"  ({len(runs)} runs, {failures} failed)"
    )

    again, again_cpu, done = timed("tradeviz run (no change)", tradeviz, env=env)
    counts = json.loads(done.stdout or "{}").get("counts", {})
    print(f"tradeviz run, no change: {again:7.3f} s wall, {again_cpu:6.3f} s CPU  {counts}")

    ratio_cpu = loop_cpu / first_cpu if first_cpu else float("nan")
    print(f"speed-up over the loop   : {loop_wall / first:5.1f}x wall ({ratio_cpu:.1f}x CPU)")
    print(f"first run / no-change re-run: {first / again:5.0f}x")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
