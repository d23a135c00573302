"""Benchmark the bulk runner against the loop a user would otherwise write.

    .venv/bin/python bench/bulk.py [--runs 24] [--config reports.yaml] [--workers N]

Takes the first ``--runs`` runs of the shipped batch (``reports.yaml``; 0 = all) and, in this one
invocation, times:

1. ``tradeviz run --force`` on them (a fresh kernel per run, parallel workers, HTML in-process);
2. the serial loop: for each run, ``papermill in.ipynb out.ipynb -y <parameters>`` then
   ``jupyter nbconvert --to html out.ipynb``, one run after another;
3. a no-change re-run, ``tradeviz run`` (everything cached).

It prints both times and their ratio, and the ratio of the first run to the no-change re-run.
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


def write_config(runs: list[dict], directory: Path) -> Path:
    """A batch file holding exactly these runs, reports under ``directory/reports``."""
    import yaml

    inputs = [str(ROOT / "data" / "processed" / "*.parquet")]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=24, help="runs to bench (0: the whole batch)")
    parser.add_argument("--config", type=Path, default=ROOT / "reports.yaml")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument(
        "--fixture", action="store_true", help="bench the toy fixture notebook, not the batch"
    )
    args = parser.parse_args()

    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    runs, note = select_runs(args.config, args.runs, args.fixture)
    config = write_config(runs, OUT)
    env = {**os.environ, "MPLBACKEND": "Agg", "CI": "1"}
    tradeviz = [str(BIN / "tradeviz"), "run", str(config), "--format", "json"]
    if args.workers:
        tradeviz += ["--workers", str(args.workers)]

    print(f"bench/bulk.py: {note}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")

    first, first_cpu, done = timed("tradeviz run --force", [*tradeviz, "--force"], env=env)
    counts = json.loads(done.stdout or "{}").get("counts", {})
    print(f"tradeviz run --force : {first:7.2f} s wall, {first_cpu:7.2f} s CPU  {counts}")

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
