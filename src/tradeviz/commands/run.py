"""``tradeviz run``: execute the notebook runs of a batch file (see :mod:`tradeviz.runner`)."""

from __future__ import annotations

import json
import sys

import click

from tradeviz.errors import StorageError, TradevizError, is_storage_error
from tradeviz.parameters import ParameterValidationError


@click.command(name="run")
@click.argument("config", required=False, type=click.Path(dir_okay=False))
@click.option(
    "--workers", "-j", type=click.IntRange(min=1), help="Worker processes (default: one per core)."
)
@click.option(
    "--only",
    multiple=True,
    metavar="PATTERN",
    help="Only runs whose id, report name or notebook matches this glob (repeatable).",
)
@click.option("--force", is_flag=True, help="Run everything selected, cached or not.")
@click.option(
    "--only-failed", is_flag=True, help="Run only the runs whose last status is a failure."
)
@click.option("--cell-timeout", type=click.FloatRange(min=0, min_open=True), metavar="S",
              help="Seconds a cell may run (overrides the batch file).")  # fmt: skip
@click.option("--run-timeout", type=click.FloatRange(min=0, min_open=True), metavar="S",
              help="Seconds a whole run may take (overrides the batch file).")  # fmt: skip
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: worker processes on this machine; dask: the workers of a Dask cluster.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    envvar="TRADEVIZ_DASK_SCHEDULER",
    help="With --executor dask: tcp://HOST:PORT of the Dask scheduler, or local:N to start N "
    "worker processes here (default: $TRADEVIZ_DASK_SCHEDULER).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: progress lines on stderr, a machine-readable summary on stdout.",
)
def command(
    config: str | None,
    workers: int | None,
    only: tuple[str, ...],
    force: bool,
    only_failed: bool,
    cell_timeout: float | None,
    run_timeout: float | None,
    executor: str,
    scheduler: str | None,
    output_format: str,
) -> int:
    """Run the notebooks of CONFIG (default: reports.yaml) into reports/.

    Exit codes: 0 every run ok or cached; 1 a notebook failed; 2 invalid configuration or
    parameters (nothing ran); 3 infrastructure failure only (kernel start, death, timeout),
    another run holds the lock, or the Dask cluster cannot run the batch; 4 interrupted.
    """
    from tradeviz.runner.batch import BatchOptions, local_executor, run_batch
    from tradeviz.runner.progress import make_reporter

    as_json = output_format == "json"
    problem = None
    if force and only_failed:
        problem = "--force and --only-failed exclude each other"
    elif executor == "dask" and not scheduler:
        problem = (
            "--executor dask needs --scheduler tcp://HOST:PORT or local:N "
            "(or TRADEVIZ_DASK_SCHEDULER)"
        )
    elif executor == "dask" and workers:
        problem = (
            "--workers sizes the local executor; a Dask cluster runs as many runs at once "
            "as its workers have threads"
        )
    if problem is not None:
        if as_json:
            _json_line({"exit_code": 2, "errors": [problem]})
        raise click.UsageError(problem)
    factory = local_executor
    cluster = None
    options = BatchOptions(
        workers=workers,
        only=only,
        force=force,
        only_failed=only_failed,
        cell_timeout=cell_timeout,
        run_timeout=run_timeout,
    )
    reporter = make_reporter(output_format)
    try:
        if executor == "dask":
            from tradeviz.runner.cluster import DaskCluster

            factory = cluster = DaskCluster(scheduler)
        outcome = run_batch(config, options, reporter=reporter, executor_factory=factory)
    except ParameterValidationError as error:
        return _refused(error.lines(), error.exit_code, as_json)
    except TradevizError as error:
        return _refused([str(error)], error.exit_code, as_json)
    except KeyboardInterrupt:
        return _refused(["interrupted before any run started; nothing ran"], 4, as_json)
    except OSError as error:
        if not is_storage_error(error):
            raise
        failure = StorageError.from_os_error(error, action="cannot use")
        return _refused([str(failure)], failure.exit_code, as_json)
    except Exception as error:  # a bug: the scheduler still gets its line, then the traceback
        if as_json:
            _json_line({"exit_code": 1, "errors": [f"internal error: {error!r}"]})
        raise
    finally:
        if cluster is not None:
            cluster.close()
    if as_json:
        _json_line(outcome.summary)
    return outcome.exit_code


def _refused(lines: list[str], code: int, as_json: bool) -> int:
    """Print why the batch did not run (one line each on stderr, and the JSON line)."""
    for line in lines:
        click.echo(f"tradeviz: error: {line}", err=True)
    if as_json:
        _json_line({"exit_code": code, "errors": lines})
    return code


def _json_line(data: dict) -> None:
    """Write ``data`` as one JSON line on stdout, for schedulers."""
    json.dump(data, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    sys.stdout.flush()
