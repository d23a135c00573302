"""The ``tradeviz`` command line: a thin layer over the library.

Subcommands are loaded on demand (click's lazy-group pattern), so ``tradeviz --help`` and quick
commands do not pay for pandas, matplotlib or Jupyter imports. Each subcommand lives in
``tradeviz/commands/<name>.py`` and exposes a click command named ``command``.

Errors derived from :class:`tradeviz.errors.TradevizError` are printed as one line on stderr and
end the process with their ``exit_code`` (2 for bad input); no traceback is shown. So is an
:class:`OSError` of the storage (a full or read-only disk, a folder that is a file): one line
naming the path and the operating system's reason, exit code 3.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from tradeviz import __version__, heap
from tradeviz.errors import StorageError, TradevizError, is_storage_error

#: Subcommand name -> module that defines ``command``.
COMMANDS: dict[str, str] = {
    "fetch": "tradeviz.commands.fetch",
    "build": "tradeviz.commands.build",
    "ingest": "tradeviz.commands.ingest",
    "add": "tradeviz.commands.add",
    "check": "tradeviz.commands.check",
    "chart": "tradeviz.commands.chart",
    "run": "tradeviz.commands.run",
    "plan": "tradeviz.commands.plan",
    "inspect": "tradeviz.commands.inspect",
    "documents": "tradeviz.commands.documents",
    "claims": "tradeviz.commands.claims",
}

#: Modules that a library loads when they are installed although no command uses them:
#: pandera loads Hypothesis for its data synthesis, about 0.15 s of CPU in every command that
#: checks the figures contract, in an install with the development tools.
UNUSED_OPTIONAL_MODULES = ("hypothesis",)


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that subcommand is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the names of the subcommands whose module exists."""
        return sorted(name for name, module in COMMANDS.items() if _module_exists(module))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import and return the subcommand ``cmd_name``."""
        module_name = COMMANDS.get(cmd_name)
        if module_name is None or not _module_exists(module_name):
            return None
        return importlib.import_module(module_name).command


def _module_exists(module_name: str) -> bool:
    return importlib.util.find_spec(module_name) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tradeviz")
def cli() -> None:
    """Check what documents say about bilateral trade against official statistics."""


def main(argv: list[str] | None = None) -> None:
    """Run the command line; turn tradeviz errors into one line on stderr and an exit code."""
    try:
        result = cli.main(args=argv, prog_name="tradeviz", standalone_mode=False)
    except TradevizError as error:
        click.echo(f"tradeviz: error: {error}", err=True)
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("tradeviz: interrupted", err=True)
        sys.exit(130)
    except OSError as error:
        # The file system refused (full, read-only, a folder that is a file): nothing was
        # half-written, so one line and exit code 3 rather than a traceback.
        if not is_storage_error(error):
            raise
        failure = StorageError.from_os_error(error, action="cannot use")
        click.echo(f"tradeviz: error: {failure}", err=True)
        sys.exit(failure.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    # In non-standalone mode click returns ``ctx.exit(code)`` codes; commands may return one too.
    sys.exit(result if isinstance(result, int) else 0)


def run() -> None:
    """Run the ``tradeviz`` program: :func:`main`, with :data:`UNUSED_OPTIONAL_MODULES` hidden.

    A missing module is what these libraries expect without the optional extra, and the
    program's process imports nothing else that needs them. When the command ends, the objects
    alive are frozen out of the garbage collections of Python's shutdown
    (:func:`tradeviz.heap.freeze_at_exit`). :func:`main` itself does neither: it also runs inside
    other processes, such as a test session.
    """
    for name in UNUSED_OPTIONAL_MODULES:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    try:
        main()
    finally:  # the command has written and closed its files: a faster shutdown
        heap.freeze_at_exit()
