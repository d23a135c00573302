"""``tradeviz plan``: expand a batch file and validate every run; start no kernel."""

from __future__ import annotations

import json

import click

from tradeviz.parameters import ParameterValidationError, format_value


@click.command(name="plan")
@click.argument("config", required=False, type=click.Path(dir_okay=False))
@click.option("--only", multiple=True, metavar="PATTERN", help="Only runs matching this glob.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def command(config: str | None, only: tuple[str, ...], output_format: str) -> int:
    """List the runs of CONFIG (default: reports.yaml) with their parameters.

    Every run's parameters are checked against its notebook's parameters cell (unknown names,
    missing required values, wrong types); all problems are listed, exit code 2.
    """
    from tradeviz.runner.config import load_config
    from tradeviz.runner.plan import check_run_folders, make_plan

    batch = load_config(config)
    selected = batch.select(only)
    try:
        plan = make_plan(batch, selected)
        check_run_folders(batch, selected)
    except ParameterValidationError as error:
        for line in error.lines():
            click.echo(f"tradeviz: error: {line}", err=True)
        click.echo(f"tradeviz: {len(error.lines())} problem(s); nothing would run", err=True)
        return error.exit_code
    for warning in plan.warnings:
        click.echo(f"tradeviz: warning: {warning}", err=True)
    if output_format == "json":
        rows = [
            {
                "run_id": run.run_id,
                "report": run.spec.report,
                "notebook": run.spec.notebook_label,
                "parameters": {k: format_value(v) for k, v in run.parameters.items()},
                "cell_timeout": run.spec.cell_timeout,
                "run_timeout": run.spec.run_timeout,
            }
            for run in plan.runs
        ]
        click.echo(json.dumps({"config": str(batch.path), "runs": rows}, indent=2))
        return 0
    for run in plan.runs:
        values = ", ".join(f"{k}={format_value(v)}" for k, v in run.parameters.items())
        click.echo(f"{run.run_id}  {run.spec.notebook_label}  {values}")
    notebooks = len({run.spec.notebook for run in plan.runs})
    click.echo(
        f"{len(plan.runs)} runs of {notebooks} notebooks valid; reports go to {batch.output_dir}"
    )
    return 0
