"""Run statuses and the batch exit code they add up to.

Every run ends in exactly one status, decided from what happened (the exception raised, the
fail-fast display hook, the worker's own timers), never from papermill's notebook metadata alone:
a dead kernel leaves a notebook that looks completed.

How a run ends, its status, and the batch exit code that status alone gives:

- every cell ran: ``ok`` (0);
- skipped, since nothing that shapes the report changed: ``cached`` (0);
- a cell raised, ``sys.exit`` with a non-zero value included: ``cell_error`` (1);
- ``sys.exit(0)``, ``sys.exit()`` or ``raise SystemExit`` in a cell: ``stopped_early`` (0, as
  papermill counts it a success; but the cells after it did not run, so its report carries a
  banner and never replaces a complete report);
- an error while displaying a cell's result: ``display_error`` (1);
- a cell, or the whole run, went over its time limit: ``timeout`` (3);
- the kernel process ended while a cell ran: ``kernel_died`` (3);
- the kernel did not start (after retries), or the worker failed: ``infra_error`` (3);
- parameters rejected before any kernel started: ``invalid_params`` (2);
- stopped by Ctrl-C or SIGTERM: ``interrupted`` (4).

When runs of one batch end differently, the exit code follows :func:`exit_code`.
"""

from __future__ import annotations

from collections.abc import Iterable

OK = "ok"
CACHED = "cached"  # skipped: notebook, parameters, inputs and versions unchanged since an ok run
CELL_ERROR = "cell_error"  # a cell raised (sys.exit(n) included)
DISPLAY_ERROR = "display_error"  # an error while displaying a cell's result (e.g. mathtext)
TIMEOUT = "timeout"  # a cell or the whole run exceeded its time limit; the kernel was killed
KERNEL_DIED = "kernel_died"  # the kernel process ended while a cell was running
INFRA_ERROR = "infra_error"  # the kernel could not start (after retries), or the worker failed
INVALID_PARAMS = "invalid_params"  # parameters rejected before any kernel started
INTERRUPTED = "interrupted"  # stopped by Ctrl-C or SIGTERM
STOPPED_EARLY = "stopped_early"  # sys.exit(0) in a cell: success for papermill, later cells unrun

#: The status of a run whose notebook called ``sys.exit(0)`` (or ``sys.exit()``, or raised
#: ``SystemExit`` without a code). papermill counts that as success, and so does the batch's exit
#: code, but the cells after the call did not run, so the report is incomplete: it gets its own
#: status. This is the one place that decides it.
SYS_EXIT_ZERO_STATUS = STOPPED_EARLY

STATUSES = (
    OK,
    CACHED,
    CELL_ERROR,
    DISPLAY_ERROR,
    TIMEOUT,
    KERNEL_DIED,
    INFRA_ERROR,
    INVALID_PARAMS,
    INTERRUPTED,
    STOPPED_EARLY,
)
#: Statuses whose report can be trusted (and served from the cache next time).
GOOD = frozenset({OK, CACHED})
#: Failures of the notebook's own code.
NOTEBOOK_FAILURES = frozenset({CELL_ERROR, DISPLAY_ERROR})
#: Failures of the machinery around the notebook.
INFRA_FAILURES = frozenset({TIMEOUT, KERNEL_DIED, INFRA_ERROR})
#: What ``--only-failed`` runs again.
FAILED = NOTEBOOK_FAILURES | INFRA_FAILURES | {INTERRUPTED}

#: Order of statuses in listings: failures first.
SEVERITY = {
    CELL_ERROR: 0,
    DISPLAY_ERROR: 1,
    KERNEL_DIED: 2,
    TIMEOUT: 3,
    INFRA_ERROR: 4,
    INVALID_PARAMS: 5,
    INTERRUPTED: 6,
    STOPPED_EARLY: 7,
    OK: 8,
    CACHED: 9,
}

EXIT_OK = 0
EXIT_NOTEBOOK_FAILED = 1
EXIT_INVALID = 2
EXIT_INFRA = 3
EXIT_INTERRUPTED = 4


def exit_code(statuses: Iterable[str], *, interrupted: bool = False) -> int:
    """Return the batch exit code for the statuses of its runs.

    Parameters
    ----------
    statuses : iterable of str
        The status of every run of this invocation.
    interrupted : bool, optional
        Whether the batch was stopped by a signal.

    Returns
    -------
    int
        4 when interrupted; 2 when parameters were invalid (nothing ran); 1 when a notebook failed
        (this wins over 3, so CI follows genuine report failures); 3 when only the
        infrastructure failed (kernel start, death, timeout); 0 when every run is ok, cached or
        stopped early.

    Examples
    --------
    >>> exit_code(["ok", "cached"]), exit_code(["ok", "timeout"])
    (0, 3)
    >>> exit_code(["timeout", "cell_error"]), exit_code(["ok", "stopped_early"])
    (1, 0)
    """
    seen = set(statuses)
    if interrupted or INTERRUPTED in seen:
        return EXIT_INTERRUPTED
    if INVALID_PARAMS in seen:
        return EXIT_INVALID
    if seen & NOTEBOOK_FAILURES:
        return EXIT_NOTEBOOK_FAILED
    if seen & INFRA_FAILURES:
        return EXIT_INFRA
    return EXIT_OK
