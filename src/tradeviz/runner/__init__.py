"""The bulk report runner: notebooks × parameter grids, executed in parallel, cached, indexed.

Public API (light to import; Jupyter is loaded only by the worker processes):

- :func:`run_batch` (``tradeviz run``) with :class:`BatchOptions` → :class:`BatchOutcome`;
- :func:`load_config` and :func:`make_plan` (``tradeviz plan``): expand ``reports.yaml`` and
  validate every run's parameters against its notebook, starting no kernel;
- :func:`read_notebook` (``tradeviz inspect``): a notebook's parameters, kernel and content hash.

Modules: ``batch`` (the batch loop), ``signals`` (SIGINT/SIGTERM), ``outcome`` (the summary),
``config`` (the batch file), ``plan`` (validation), ``cachekey``, ``manifest`` and ``journal``
(the record of runs), ``layout`` (folders, atomic publishing), ``published`` (what is in place,
where a finished run goes), ``lock``, ``index`` (index.html), ``progress`` (terminal and log
output), ``status`` (statuses, exit codes), ``executor`` (the interface), ``local`` (worker
processes), ``cluster`` and ``dask_executor`` (a Dask cluster), ``worker`` / ``remote`` /
``execute`` / ``runlog`` / ``cellnumbers`` / ``translator`` / ``reportfiles`` / ``kernels`` /
``kerneltemplate`` / ``templateprocess`` / ``htmlreport`` / ``archive`` (inside a worker).
"""

from tradeviz.runner.batch import BatchOptions, BatchOutcome, run_batch
from tradeviz.runner.config import BatchConfig, RunSpec, load_config
from tradeviz.runner.plan import Plan, PlanError, PlannedRun, make_plan, read_notebook

__all__ = [
    "BatchConfig",
    "BatchOptions",
    "BatchOutcome",
    "Plan",
    "PlanError",
    "PlannedRun",
    "RunSpec",
    "load_config",
    "make_plan",
    "read_notebook",
    "run_batch",
]
