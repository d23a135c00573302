"""Run a batch: plan, skip what is cached, execute the rest, publish, record, index.

:func:`run_batch` is what ``tradeviz run`` calls, and what tests and schedulers can call too.
Order of work:

1. read the batch file and validate every selected run against its notebook (exit 2 on any
   problem: nothing is run);
2. take ``reports/.lock`` (exit 3 when another run holds it);
3. compute each run's cache key; skip runs whose last status is ok and whose key is unchanged;
4. execute the rest on the executor; as each run ends, publish its directory (a good run
   replaces ``<run>/``, a failed one goes to ``<run>.failed/``, never over the good report),
   append its entry to the run journal, and at checkpoints (see :mod:`tradeviz.runner.manifest`)
   rewrite ``manifest.json`` and ``index.html`` atomically;
5. on SIGINT or SIGTERM: stop launching, kill kernels and workers, mark the started runs
   ``interrupted`` (their staging directories are dropped; finished runs stay), write the
   manifest and index, exit 4. The next run resumes: finished ok runs are cached.

Until step 4 needs it, nothing imports Jupyter, pandas or matplotlib: a fully cached batch costs
little more than reading the notebooks and hashing the input files.

Signals are noted by :mod:`tradeviz.runner.signals`; where a finished run's folder goes, and what
is already published, is :mod:`tradeviz.runner.published`; the summary a batch hands back is
:mod:`tradeviz.runner.outcome`.
"""

from __future__ import annotations

import collections
import contextlib
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradeviz.atomic import write_text
from tradeviz.errors import InputError
from tradeviz.parameters import format_value, to_json_value
from tradeviz.runner import layout
from tradeviz.runner import status as st
from tradeviz.runner.cachekey import InputHasher, cache_key, cache_parts, changed_parts
from tradeviz.runner.config import load_config
from tradeviz.runner.executor import (
    FINISHED,
    PROGRESS,
    RETURNED,
    STARTED,
    Executor,
    ExecutorEvent,
    RunResult,
    RunTask,
)
from tradeviz.runner.index import render_index
from tradeviz.runner.lock import batch_lock
from tradeviz.runner.manifest import Manifest, now_iso
from tradeviz.runner.outcome import BatchOutcome as BatchOutcome  # re-exported
from tradeviz.runner.outcome import run_summary
from tradeviz.runner.plan import (
    OUTPUT_DIR_PARAMETER,
    PATH_PARAMETERS,
    PlannedRun,
    check_run_folders,
    make_plan,
)
from tradeviz.runner.progress import LineReporter
from tradeviz.runner.published import last_ok_record, publish_finished_run
from tradeviz.runner.signals import BatchInterrupted as BatchInterrupted  # re-exported
from tradeviz.runner.signals import StopSignals, stop_if_signalled

#: Seconds the batch loop waits for executor events before refreshing the display.
POLL_INTERVAL = 0.2

ExecutorFactory = Callable[[int, Path, int], Executor]


@dataclass
class BatchOptions:
    """Options of :func:`run_batch` (the ``tradeviz run`` flags).

    Attributes
    ----------
    workers : int or None
        Worker processes (default: one per core, at most one per run to execute).
    only : tuple of str
        Glob patterns on run id, report name or notebook; empty selects every run.
    force : bool
        Run even what is cached.
    only_failed : bool
        Run only the runs whose last status is a failure (or interrupted).
    cell_timeout, run_timeout : float or None
        Override the batch file's limits (seconds).
    prefetch : int
        Tasks queued per worker beyond the running one (their kernels start early).
    """

    workers: int | None = None
    only: tuple[str, ...] = ()
    force: bool = False
    only_failed: bool = False
    cell_timeout: float | None = None
    run_timeout: float | None = None
    prefetch: int = 1


@dataclass
class _Job:
    run: PlannedRun
    key: str
    parts: dict[str, str]
    task: RunTask


def local_executor(workers: int, log_dir: Path, prefetch: int) -> Executor:
    """Return the default executor: worker processes on this machine."""
    from tradeviz.runner.local import LocalExecutor

    return LocalExecutor(workers, log_dir, prefetch=prefetch)


def run_batch(
    config_path: str | Path | None = None,
    options: BatchOptions | None = None,
    *,
    reporter: LineReporter | None = None,
    executor_factory: ExecutorFactory = local_executor,
) -> BatchOutcome:
    """Run the batch described by a ``reports.yaml``.

    Parameters
    ----------
    config_path : str or pathlib.Path, optional
        The batch file (default: ``reports.yaml`` at the project root).
    options : BatchOptions, optional
        Selection, cache and limit options.
    reporter : LineReporter, optional
        Progress output (default: lines on stdout).
    executor_factory : callable, optional
        ``(workers, log_dir, prefetch) -> Executor``; default: local worker processes. If it
        has a ``connect()`` method (a cluster), that is called once the batch is validated and
        before anything is written; it returns how many runs execute at once.

    Returns
    -------
    BatchOutcome
        Exit code (0 ok or cached, 1 a notebook failed, 3 infrastructure only, 4 interrupted)
        and summary.

    Raises
    ------
    tradeviz.errors.InputError
        Invalid batch file or parameters (exit code 2); nothing was run.
    tradeviz.runner.lock.LockedError
        Another ``tradeviz run`` holds the reports folder (exit code 3).
    tradeviz.errors.TradevizError
        Raised by the factory's ``connect()`` when a cluster cannot run the batch (exit code
        3); nothing was written.
    tradeviz.errors.StorageError
        The file system refused a write (full, read-only, a folder that is a file; exit code
        3): the reports already published and the manifest's last checkpoint are intact.
    BatchInterrupted
        SIGINT or SIGTERM before any run started (exit code 4); nothing was written.
    """
    options = options or BatchOptions()
    reporter = reporter or LineReporter()
    clock = time.monotonic()
    with StopSignals() as stop:
        config = load_config(config_path)
        selected = config.select(options.only)
        if options.only and not selected:
            raise InputError(
                "no run matches --only",
                file=config.path,
                field="--only",
                expected="a glob on run ids, report names or notebooks",
                found=list(options.only),
            )
        plan = make_plan(config, selected)
        for warning in plan.warnings:
            reporter.write(f"tradeviz: warning: {warning}")
        stop_if_signalled(stop)
        # A cluster is reached before anything is written: unreachable means exit 3, no files.
        connect = getattr(executor_factory, "connect", None)
        capacity = connect() if callable(connect) else None
        describe = getattr(executor_factory, "describe", None)
        if callable(describe):
            reporter.write(describe())
        stop_if_signalled(stop)
        reports = config.output_dir
        with batch_lock(reports) as lock:
            batch = _Batch(config.path, reports, plan.runs, options, reporter, capacity, lock.batch)
            check_run_folders(config, selected, batch.manifest)
            if lock.stale:
                reporter.write(
                    f"the previous tradeviz run of {reports} (pid {lock.stale.get('pid', '?')}, "
                    f"started {lock.stale.get('started_at', '?')}) ended without releasing its "
                    "lock; its staging folder is removed"
                )
            batch.warnings = list(plan.warnings)
            batch.prepare([run.run_id for run in config.runs], config.root)
            if batch.jobs and not stop.signal:
                batch.execute(executor_factory, stop)
            if stop.signal:
                batch.interrupted = stop.name
            outcome = batch.finish(time.monotonic() - clock)
    return outcome


class _Batch:
    """The state of one invocation (one lock held)."""

    def __init__(
        self,
        config_path: Path,
        reports: Path,
        runs: list[PlannedRun],
        options: BatchOptions,
        reporter: LineReporter,
        capacity: int | None = None,
        batch_id: str = "",
    ) -> None:
        self.config_path = config_path
        self.batch_id = batch_id
        self.capacity = capacity
        self.reports = reports
        self.runs = runs
        self.options = options
        self.reporter = reporter
        self.manifest = Manifest.load(reports)
        self.jobs: list[_Job] = []
        self.statuses: dict[str, str] = {}
        self.executed: set[str] = set()
        self.interrupted = ""
        self.workers = 0
        self.warnings: list[str] = []

    # -- 3. what to run ----------------------------------------------------------------------
    def prepare(self, all_run_ids: Iterable[str], root: Path) -> None:
        """Decide, for each selected run, cached or to run; start the manifest record."""
        try:
            self.manifest.config = self.config_path.relative_to(self.reports.parent).as_posix()
        except ValueError:
            self.manifest.config = str(self.config_path)
        self.manifest.keep_only(all_run_ids)
        layout.discard(self.reports / layout.STAGING)  # killed batches' leftovers
        hasher = InputHasher(root)
        self.root = root
        notes: list[tuple[str, str]] = []
        for run in self.runs:
            parts = cache_parts(run, hasher)
            key = cache_key(parts)
            previous = self.manifest.get(run.run_id)
            if self.options.only_failed:
                if previous is None or previous.get("status") not in st.FAILED:
                    continue
            elif not self.options.force and self._is_cached(previous, key):
                assert previous is not None
                self.manifest.put({**previous, "status": st.CACHED})
                self.statuses[run.run_id] = st.CACHED
                continue
            task = self._task(run, key, hasher.digest(run.spec.inputs))
            self.jobs.append(_Job(run, key, parts, task))
            if previous is not None and not self.options.force:
                changed = changed_parts(previous.get("cache_parts"), parts)
                if changed and previous.get("status") in st.GOOD:
                    notes.append((run.run_id, f"CHANGED {', '.join(changed)}"))
        cpu = os.cpu_count() or 1
        self.workers = min(self.capacity or self.options.workers or cpu, len(self.jobs))
        self.manifest.batch = {
            "started_at": now_iso(),
            "finished_at": None,
            "state": "running",
            "exit_code": None,
            "workers": self.workers,
            "counts": {},
        }
        cached = [run_id for run_id, status in self.statuses.items() if status == st.CACHED]
        self.reporter.batch_started(
            len(self.jobs) + len(cached), len(self.jobs), len(cached), self.workers
        )
        for run_id in cached:
            self.reporter.run_cached(run_id)
        for run_id, note in notes:
            self.reporter.event(run_id, note)
        self._save()

    def _is_cached(self, previous: Mapping[str, Any] | None, key: str) -> bool:
        if not previous or previous.get("status") not in st.GOOD:
            return False
        if previous.get("cache_key") != key:
            return False
        directory = layout.run_dir(self.reports, previous["run_id"])
        return all((directory / name).is_file() for name in layout.REQUIRED_FILES)

    def _task(self, run: PlannedRun, key: str, inputs: dict[str, str]) -> RunTask:
        spec = run.spec
        shown = {k: v for k, v in run.parameters.items() if k != OUTPUT_DIR_PARAMETER}
        title = spec.report + (
            ": " + ", ".join(f"{k}={format_value(v)}" for k, v in shown.items()) if shown else ""
        )
        return RunTask(
            run_id=run.run_id,
            notebook=str(spec.notebook),
            kernel_name=run.kernel_name,
            parameters=to_json_value(run.parameters),
            staging=str(layout.staging_dir(self.reports, run.run_id, self.batch_id)),
            cell_timeout=self.options.cell_timeout or spec.cell_timeout,
            run_timeout=self.options.run_timeout or spec.run_timeout,
            cache_key=key,
            title=title,
            inputs=inputs,
            input_root=str(self.root),
            cwd="" if spec.cwd is None else str(spec.cwd),
            path_parameters=tuple(name for name in PATH_PARAMETERS if name in run.parameters),
        )

    # -- 4. execute ----------------------------------------------------------------------------
    def execute(self, factory: ExecutorFactory, stop: StopSignals) -> None:
        """Run the jobs on an executor until done or interrupted (``stop`` has a signal)."""
        self._jobs = {job.run.run_id: job for job in self.jobs}
        self._pending = collections.deque(self.jobs)
        self._started: set[str] = set()
        pending = self._pending
        executor = factory(self.workers, self.reports / layout.WORKER_LOGS, self.options.prefetch)
        try:
            executor.start()
            while (pending or executor.in_flight()) and not stop.signal:
                while pending and executor.free_slots() > 0 and not stop.signal:
                    job = pending.popleft()
                    layout.discard(Path(job.task.staging))
                    executor.submit(job.task)
                if pending and not executor.in_flight() and executor.free_slots() == 0:
                    self._no_workers(pending)
                    break
                for event in executor.wait(POLL_INTERVAL):
                    self._handle(event)
                self.reporter.tick()
        finally:
            if stop.signal:
                self.interrupted = stop.name
                for event in executor.wait(0):  # runs that finished meanwhile count
                    self._handle(event)
                executor.abort()
                for run_id in sorted(self._started):
                    self._record_interrupted(self._jobs[run_id])
            executor.close()
            self._drop_staging()

    def _drop_staging(self) -> None:
        """Remove this batch's staging folder, and ``.staging`` when nothing else is in it."""
        staging = self.reports / layout.STAGING
        layout.discard(staging / self.batch_id if self.batch_id else staging)
        with contextlib.suppress(OSError):
            staging.rmdir()

    def _handle(self, event: ExecutorEvent) -> None:
        job = self._jobs[event.run_id]
        if event.kind == STARTED:
            self._started.add(event.run_id)
            self.reporter.run_started(event.run_id)
        elif event.kind == PROGRESS:
            self.reporter.run_progress(event.run_id, event.detail["cell"], event.detail["cells"])
        elif event.kind == RETURNED:
            self._started.discard(event.run_id)
            self._pending.appendleft(job)
        elif event.kind == FINISHED and event.result is not None:
            self._started.discard(event.run_id)
            self._record(job, event.result)

    def _no_workers(self, pending: Iterable[_Job]) -> None:
        log_dir = self.reports / layout.WORKER_LOGS
        for job in list(pending):
            message = f"no worker process could run it; see {log_dir}"
            error = {"kind": st.INFRA_ERROR, "ename": "NoWorker", "evalue": message}
            error.update(cell=None, message=message)
            now = now_iso()
            self._record(job, RunResult(job.run.run_id, st.INFRA_ERROR, error, now, now, 0.0, 0))

    def _record(self, job: _Job, result: RunResult) -> None:
        """Publish a finished run's directory and record it; rewrite manifest and index."""
        run_id = job.run.run_id
        outputs, last_ok = publish_finished_run(
            self.reports, self.manifest, run_id, Path(job.task.staging), result.status
        )
        self.manifest.record(
            {
                "run_id": run_id,
                "report": job.run.spec.report,
                "notebook": job.run.spec.notebook_label,
                "parameters": to_json_value(job.run.parameters),
                "status": result.status,
                "error": result.error,
                "started_at": result.started_at,
                "finished_at": result.finished_at,
                "duration_s": result.duration_s,
                "attempts": result.attempts,
                "cache_key": job.key,
                "cache_parts": job.parts,
                "outputs": outputs,
                "last_ok": last_ok,
                "worker": result.worker or None,
            }
        )
        self.statuses[run_id] = result.status
        self.executed.add(run_id)
        message = (result.error or {}).get("message", "")
        self.reporter.run_finished(run_id, result.status, result.duration_s, message)
        if self.manifest.checkpoint_due():
            self._save()

    def _record_interrupted(self, job: _Job) -> None:
        run_id = job.run.run_id
        layout.discard(Path(job.task.staging))
        previous = self.manifest.get(run_id) or {}
        message = f"stopped by {self.interrupted} before it finished"
        self.manifest.record(
            {
                "run_id": run_id,
                "report": job.run.spec.report,
                "notebook": job.run.spec.notebook_label,
                "parameters": to_json_value(job.run.parameters),
                "status": st.INTERRUPTED,
                "error": {
                    "kind": st.INTERRUPTED,
                    "ename": self.interrupted,
                    "evalue": message,
                    "cell": None,
                    "message": message,
                },
                "started_at": None,
                "finished_at": now_iso(),
                "duration_s": None,
                "attempts": previous.get("attempts", 0),
                "cache_key": job.key,
                "cache_parts": job.parts,
                "outputs": None,
                "last_ok": last_ok_record(self.reports, self.manifest, run_id),
                "worker": None,
            }
        )
        self.statuses[run_id] = st.INTERRUPTED
        self.reporter.run_finished(run_id, st.INTERRUPTED, 0.0, message)

    def _save(self) -> None:
        """Checkpoint: rewrite the manifest (emptying the run journal) and the index."""
        self.manifest.checkpoint()
        entries = list(self.manifest.entries.values())
        page = render_index(
            entries,
            config=self.manifest.config,
            updated_at=now_iso(),
            batch=self.manifest.batch,
        )
        write_text(self.reports / layout.INDEX, page)

    # -- 5. the end ----------------------------------------------------------------------------
    def finish(self, duration: float) -> BatchOutcome:
        """Close the manifest's batch record, write the index, build the summary."""
        code = st.exit_code(self.statuses.values(), interrupted=bool(self.interrupted))
        counts: dict[str, int] = {}
        for status in self.statuses.values():
            counts[status] = counts.get(status, 0) + 1
        not_started = [job.run.run_id for job in self.jobs if job.run.run_id not in self.statuses]
        if not_started:
            counts["not_started"] = len(not_started)
        self.manifest.batch.update(
            finished_at=now_iso(),
            state="interrupted" if self.interrupted else "finished",
            exit_code=code,
            counts=counts,
        )
        self._save()
        runs = [
            run_summary(
                self.reports,
                run.run_id,
                self.statuses[run.run_id],
                run.run_id in self.executed,
                self.manifest.get(run.run_id) or {},
            )
            for run in self.runs
            if run.run_id in self.statuses
        ]
        summary = {
            "config": str(self.config_path),
            "reports_dir": str(self.reports),
            "manifest": str(self.reports / layout.MANIFEST),
            "index": str(self.reports / layout.INDEX),
            "exit_code": code,
            "interrupted": self.interrupted or None,
            "duration_s": round(duration, 3),
            "workers": self.workers,
            "selected": len(runs) + len(not_started),
            "counts": counts,
            "not_started": not_started,
            "warnings": self.warnings,
            "runs": runs,
        }
        self.reporter.batch_finished(summary)
        return BatchOutcome(code, summary)
