import subprocess
import sys

from tradeviz.errors import InputError


def test_help_lists_commands_and_exits_zero():
    done = subprocess.run(
        [sys.executable, "-m", "tradeviz", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert "Usage: tradeviz" in done.stdout


def test_unknown_command_exits_2_without_traceback():
    done = subprocess.run(
        [sys.executable, "-m", "tradeviz", "no-such-command"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


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
