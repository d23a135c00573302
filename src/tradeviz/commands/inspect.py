"""``tradeviz inspect``: show a notebook's parameters, types, defaults and help."""

from __future__ import annotations

import json

import click

from tradeviz.parameters import NOT_A_LITERAL, to_json_value


@click.command(name="inspect")
@click.argument("notebook", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the parameters as JSON.")
def command(notebook: str, as_json: bool) -> int:
    """Show the parameters NOTEBOOK declares in its cell tagged 'parameters'."""
    from pathlib import Path

    from tradeviz.runner.plan import read_notebook

    info = read_notebook(Path(notebook))
    parameters = info.parameters
    for note in info.skipped:
        click.echo(f"tradeviz: warning: {note}: passed over, as papermill does", err=True)
    if as_json:
        rows = [
            {
                "name": p.name,
                "type": p.describe_type(),
                "required": p.required,
                "default": None
                if p.required or p.default is NOT_A_LITERAL
                else to_json_value(p.default),
                "default_source": p.default_source,
                "help": p.help,
            }
            for p in (parameters or {}).values()
        ]
        payload = {"notebook": notebook, "kernel": info.kernel_name, "parameters": rows}
        if parameters is None:
            payload["parameters"] = None
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    if parameters is None:
        click.echo(f"{notebook}: no cell tagged 'parameters' (the notebook takes no parameters)")
        return 0
    click.echo(f"{notebook} (kernel {info.kernel_name}): {len(parameters)} parameters")
    width = max((len(name) for name in parameters), default=0)
    for p in parameters.values():
        default = "required" if p.required else f"default {p.default_source}"
        help_text = f"  # {p.help}" if p.help else ""
        click.echo(f"  {p.name:<{width}}  {p.describe_type()}, {default}{help_text}")
    return 0
