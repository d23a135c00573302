"""The Dask executor's pieces that need no cluster: addresses, the command line, run archives."""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile

import pytest

from tradeviz.errors import InputError
from tradeviz.runner.archive import ArchiveError, pack_directory, unpack_directory
from tradeviz.runner.cluster import parse_scheduler
from tradeviz.runner.manifest import validate_entry

from .conftest import write_config


@pytest.mark.parametrize(
    ("address", "parsed"),
    [
        ("local:2", ("local", 2)),
        ("tcp://10.0.0.5:8786", ("tcp://10.0.0.5:8786", None)),
        ("scheduler:8786", ("scheduler:8786", None)),
        ("tls://dask.example.org:8786", ("tls://dask.example.org:8786", None)),
    ],
)
def test_scheduler_addresses(address, parsed):
    assert parse_scheduler(address) == parsed


@pytest.mark.parametrize("address", ["local:0", "local:two", "tcp://a b:1", "", "http://x/y"])
def test_a_bad_scheduler_address_names_what_is_expected(address):
    with pytest.raises(InputError, match="not a Dask scheduler address") as raised:
        parse_scheduler(address)
    assert "local:N" in str(raised.value)


def _tradeviz(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "tradeviz", "run", *args], capture_output=True, text=True, env=env
    )


def test_the_dask_executor_needs_a_scheduler_and_sizes_itself(tmp_path, monkeypatch):
    config = write_config(tmp_path, [{"notebook": "ok_trivial"}])
    monkeypatch.delenv("TRADEVIZ_DASK_SCHEDULER", raising=False)
    done = _tradeviz(str(config), "--executor", "dask")
    assert done.returncode == 2
    assert "--executor dask needs --scheduler" in done.stderr
    done = _tradeviz(str(config), "--executor", "dask", "--scheduler", "local:1", "--workers", "2")
    assert done.returncode == 2
    assert "--workers sizes the local executor" in done.stderr
    done = _tradeviz(str(config), "--executor", "dask", "--scheduler", "local:zero")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "not a Dask scheduler address" in done.stderr
    assert not (tmp_path / "reports").exists()


def test_environment_differences_are_named_one_by_one():
    from tradeviz.runner.remote import describe_mismatch  # imports dask.distributed

    client = {"python": "3.11.7", "pandas": "3.1.1", "tradeviz_source": "a" * 64}
    worker = {"python": "3.11.7", "pandas": "2.2.0", "tradeviz_source": "b" * 64}
    assert describe_mismatch(client, worker) == (
        "pandas 2.2.0 here, 3.1.1 on the client; "
        f"tradeviz_source {'b' * 12} here, {'a' * 12} on the client"
    )
    assert describe_mismatch(client, dict(client)) == ""
    assert describe_mismatch(client, {**client, "numpy": "2.0"}) == (
        "numpy 2.0 here, absent on the client"
    )


def test_a_run_directory_travels_as_bytes_unchanged(tmp_path):
    source = tmp_path / "run"
    (source / "figures").mkdir(parents=True)
    files = {
        "report.html": "<p>é</p>".encode() * 1000,
        "figures/chart.png": bytes(range(256)) * 40,
        "results.json": b'{"total": 780.0}',
    }
    for name, data in files.items():
        (source / name).write_bytes(data)
    data = pack_directory(source)
    assert len(data) < sum(map(len, files.values()))  # the page compresses
    target = tmp_path / "staging" / "run"
    unpack_directory(data, target)
    found = {
        path.relative_to(target).as_posix(): path.read_bytes()
        for path in target.rglob("*")
        if path.is_file()
    }
    assert found == files


def _archive(name: str, data: bytes = b"x", kind: bytes = tarfile.REGTYPE, link: str = "") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        member = tarfile.TarInfo(name)
        member.type, member.linkname, member.size = kind, link, len(data)
        archive.addfile(member, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _archive("../escaped.txt"),
        _archive("/etc/escaped.txt"),
        _archive("link", kind=tarfile.SYMTYPE, link="/etc/passwd"),
        b"not an archive",
    ],
    ids=["dot-dot", "absolute", "symlink-out", "garbage"],
)
def test_an_archive_cannot_write_outside_its_folder(tmp_path, data):
    target = tmp_path / "inside" / "run"
    with pytest.raises(ArchiveError):
        unpack_directory(data, target)
    assert not (tmp_path / "inside" / "escaped.txt").exists()
    assert not (tmp_path / "escaped.txt").exists()


def test_the_worker_field_of_an_entry_is_optional_but_typed():
    entry = {
        "run_id": "a/b",
        "report": "a",
        "notebook": "nb.ipynb",
        "parameters": {},
        "status": "ok",
        "error": None,
        "started_at": None,
        "finished_at": None,
        "duration_s": 1.0,
        "attempts": 1,
        "cache_key": "k",
        "cache_parts": {},
        "outputs": None,
        "last_ok": None,
    }
    assert validate_entry(entry) == []
    assert validate_entry({**entry, "worker": "tcp://10.0.0.5:40111"}) == []
    assert validate_entry({**entry, "worker": 3}) == ["'worker' is int"]
