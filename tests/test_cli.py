"""The command line's front door: its commands, its version, and errors in one line."""

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

import tradeviz
from tradeviz import cli as program
from tradeviz.cli import cli
from tradeviz.errors import InputError

#: Every module of tradeviz/commands/ is a subcommand of the same name (counted, not listed).
COMMAND_MODULES = sorted(
    path.stem
    for path in (Path(tradeviz.__file__).parent / "commands").glob("*.py")
    if not path.stem.startswith("_")
)


def tradeviz_cli(*args):
    return subprocess.run([sys.executable, "-m", "tradeviz", *args], capture_output=True, text=True)


def listed_commands(help_text: str) -> list[str]:
    """The names in the ``Commands:`` section of click's help."""
    section = help_text.split("Commands:", 1)[1]
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ")]


def test_help_lists_every_command_module_and_exits_zero():
    done = tradeviz_cli("--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: tradeviz [OPTIONS] COMMAND [ARGS]...")
    assert len(COMMAND_MODULES) >= 7
    assert listed_commands(done.stdout) == COMMAND_MODULES


@pytest.mark.parametrize("name", COMMAND_MODULES)
def test_each_command_has_its_own_help(name):
    result = CliRunner().invoke(cli, [name, "--help"], prog_name="tradeviz")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: tradeviz {name} ")


def test_version_is_the_installed_distributions():
    done = tradeviz_cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"tradeviz, version {metadata.version('tradeviz')}"


def test_unknown_command_exits_2_without_traceback():
    done = tradeviz_cli("no-such-command")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == "Error: No such command 'no-such-command'."
    assert done.stdout == ""


def test_input_error_names_file_row_field_expected_found():
    text = str(
        InputError(
            "negative value",
            file="a.csv",
            row=4,
            field="value",
            expected="a number >= 0",
            found=-3.0,
        )
    )
    assert (
        text == "a.csv, row 4, field 'value': negative value (expected a number >= 0, found -3.0)"
    )
    assert InputError("x").exit_code == 2


def test_the_program_hides_unused_modules_and_freezes_at_exit_and_main_does_neither(monkeypatch):
    names = program.UNUSED_OPTIONAL_MODULES
    loaded = {name: sys.modules.pop(name) for name in names if name in sys.modules}
    frozen = []
    monkeypatch.setattr(program.heap, "freeze_at_exit", lambda: frozen.append(True))
    monkeypatch.setattr(sys, "argv", ["tradeviz", "--version"])
    try:
        with pytest.raises(SystemExit) as ended:
            program.main()
        assert ended.value.code == 0
        assert not any(name in sys.modules for name in names) and not frozen
        with pytest.raises(SystemExit) as ended:
            program.run()
        assert ended.value.code == 0
        assert all(sys.modules[name] is None for name in names)
        assert frozen == [True]
    finally:
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(loaded)
