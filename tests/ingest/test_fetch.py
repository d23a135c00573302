"""tradeviz fetch: snapshots out of git, mirror copies, downloads from a loopback server, and the
failures that must leave nothing half-written (hash mismatch, interrupted download)."""

from __future__ import annotations

import hashlib
import http.server
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
import yaml

from tradeviz.download import pool
from tradeviz.errors import MAX_FOUND_CHARS, InputError
from tradeviz.fetch import (
    DOWNLOAD,
    MIRROR,
    MISSING,
    PRESENT,
    fetch,
    fetched_sidecars,
    gitignore_block,
    update_gitignore,
)
from tradeviz.provenance import SIDECAR_SUFFIX, list_sidecars, load_sidecar, sha256_of

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"


# --- the repository -----------------------------------------------------------------------------


def test_no_fetched_bytes_are_tracked_by_git():
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "data/raw"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    tracked_paths = {ROOT / p for p in tracked.split("\0") if p}
    fetched = {s.raw_file for s in fetched_sidecars(RAW)}
    assert fetched, "no sidecar names a fetched file"
    assert not (fetched & tracked_paths)
    # Every sidecar of a fetched file is tracked: the metadata stays in git.
    assert {s.path for s in fetched_sidecars(RAW)} <= tracked_paths


def test_gitignore_lists_exactly_the_fetched_files():
    text = (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert gitignore_block(RAW, ROOT) in text
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin"],
        cwd=ROOT,
        input="\n".join(str(s.raw_file.relative_to(ROOT)) for s in fetched_sidecars(RAW)),
        capture_output=True,
        text=True,
    ).stdout.split()
    assert len(ignored) == len(fetched_sidecars(RAW))
    # A file a user adds beside them (next year's workbook) is not ignored.
    new = "data/raw/bns/bns_trade_by_country_2023.xls"
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", new], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 1


def test_every_fetched_sidecar_says_where_the_bytes_are():
    for sidecar in fetched_sidecars(RAW):
        assert sidecar.mirror, sidecar.path
        assert sidecar.download_url is None or sidecar.download_url.startswith("https://")


def test_claims_are_records_not_fetched_inputs():
    assert list((RAW / "claims").glob("*.yaml"))
    assert not list_sidecars(RAW / "claims")


# --- helpers ------------------------------------------------------------------------------------


def sidecars_only(tmp_path: Path) -> Path:
    """A copy of data/raw with the sidecars and READMEs but none of the fetched bytes."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    for sidecar in fetched_sidecars(raw):
        sidecar.raw_file.unlink()
    return raw


def mirror_of(tmp_path: Path) -> Path:
    """A mirror folder built from the fetched files of data/raw, at their sidecars' places."""
    mirror = tmp_path / "mirror"
    for sidecar in fetched_sidecars(RAW):
        target = mirror / sidecar.mirror
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sidecar.raw_file, target)
    return mirror


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*") if p.is_file()]


def write_sidecar(raw: Path, name: str, data: bytes, **keys) -> Path:
    target = raw / "src" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "title": "a test file",
        "producer": "tests",
        "producer_code": "TEST",
        "citation": "made by the test",
        "url": None,
        "date_published": None,
        "date_accessed": "2026-01-01",
        "license": "none",
        "unit_notes": "none",
        "sha256": hashlib.sha256(data).hexdigest(),
        "vintage": "2026-01-01",
        "adapter": "documentation",
        **keys,
    }
    (target.parent / (name + SIDECAR_SUFFIX)).write_text(yaml.safe_dump(meta), encoding="utf-8")
    return target


# --- the mirror ---------------------------------------------------------------------------------


def test_fetch_from_a_mirror_then_skip_what_is_present(tmp_path):
    raw, mirror = sidecars_only(tmp_path), mirror_of(tmp_path)
    first = fetch(raw, mirror=mirror, offline=True)
    assert {o.status for o in first.outcomes} == {MIRROR}
    assert len(first.outcomes) == len(fetched_sidecars(RAW))
    for sidecar in fetched_sidecars(raw):
        assert sha256_of(sidecar.raw_file) == sidecar.sha256
    again = fetch(raw, mirror=mirror, offline=True)
    assert {o.status for o in again.outcomes} == {PRESENT}


def test_a_changed_local_file_is_restored_from_the_mirror(tmp_path):
    raw, mirror = sidecars_only(tmp_path), mirror_of(tmp_path)
    fetch(raw, mirror=mirror, offline=True)
    victim = fetched_sidecars(raw)[0]
    victim.raw_file.write_bytes(b"edited by hand")
    report = fetch(raw, mirror=mirror, offline=True)
    assert [o.status for o in report.outcomes if o.target == victim.raw_file] == [MIRROR]
    assert sha256_of(victim.raw_file) == victim.sha256


def test_hash_mismatch_in_the_mirror_writes_nothing(tmp_path):
    raw, mirror = sidecars_only(tmp_path), mirror_of(tmp_path)
    victim = fetched_sidecars(raw)[0]
    tampered = mirror / victim.mirror
    tampered.write_bytes(tampered.read_bytes() + b" ")
    with pytest.raises(InputError) as caught:
        fetch(raw, mirror=mirror, offline=True)
    error = caught.value
    assert error.field == "sha256" and error.expected == victim.sha256
    assert error.found == sha256_of(tampered)
    assert "\n" not in str(error)
    assert not victim.raw_file.exists()
    assert leftovers(raw) == []


def test_nothing_to_fetch_from_exits_2_naming_every_file(tmp_path, tools):
    raw = sidecars_only(tmp_path)
    empty = tmp_path / "empty-mirror"
    empty.mkdir()
    done = tools.run_cli("fetch", "--raw", str(raw), "--mirror", str(empty), "--offline")
    line = tools.assert_one_line_error(done, "could not be fetched", "--mirror DIR")
    # The error line stays short (the value is cut at MAX_FOUND_CHARS); stdout names every file.
    assert len(line) < 2 * MAX_FOUND_CHARS + 400
    for sidecar in fetched_sidecars(raw):
        listed = [out for out in done.stdout.splitlines() if sidecar.raw_file.name in out]
        assert len(listed) == 1 and listed[0].startswith("missing")
        assert f"{empty}/{sidecar.mirror}" in listed[0]
    assert f"{len(fetched_sidecars(raw))} raw file(s)" in line
    assert not any(s.raw_file.exists() for s in fetched_sidecars(raw))


def test_fetch_cli_reports_copies(tmp_path, tools):
    raw, mirror = sidecars_only(tmp_path), mirror_of(tmp_path)
    done = tools.run_cli("fetch", "--raw", str(raw), "--mirror", str(mirror), "--offline")
    assert done.returncode == 0, done.stderr
    n = len(fetched_sidecars(RAW))
    assert f"{n} fetched files: 0 present, {n} copied from the mirror, 0 downloaded" in done.stdout


def test_build_names_a_file_not_fetched_yet(tmp_path):
    from tradeviz.build import build

    raw = sidecars_only(tmp_path)
    with pytest.raises(InputError, match=r"not fetched yet: run `tradeviz fetch`"):
        build(raw, tmp_path / "out")


def test_gitignore_block_is_replaced_in_place(tmp_path):
    raw = sidecars_only(tmp_path)
    gitignore = tmp_path / ".gitignore"
    gitignore.write_text("first\n", encoding="utf-8")
    block = gitignore_block(raw, tmp_path)
    assert update_gitignore(gitignore, block)
    assert not update_gitignore(gitignore, block)
    gitignore.write_text(gitignore.read_text(encoding="utf-8") + "last\n", encoding="utf-8")
    assert not update_gitignore(gitignore, block)
    text = gitignore.read_text(encoding="utf-8")
    assert text.startswith("first\n") and text.endswith("last\n") and text.count(">>>") == 1
    assert "/raw/bns/bns_trade_by_country_2020.xls\n" in text


# --- downloads from a loopback server -----------------------------------------------------------

PAYLOAD = bytes(range(256)) * 64


class Handler(http.server.BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args):  # keep the test output quiet
        pass

    def do_GET(self):
        count = self.hits[self.path] = self.hits.get(self.path, 0) + 1
        if self.path == "/file.bin" or (self.path == "/flaky.bin" and count > 1):
            self.send_response(200)
            self.send_header("Content-Length", str(len(PAYLOAD)))
            self.end_headers()
            self.wfile.write(PAYLOAD)
        elif self.path == "/flaky.bin":
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/cut.bin":  # announces the whole file, sends half, hangs up
            self.send_response(200)
            self.send_header("Content-Length", str(len(PAYLOAD)))
            self.end_headers()
            self.wfile.write(PAYLOAD[: len(PAYLOAD) // 2])
            self.wfile.flush()
            self.close_connection = True
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


#: How often the test server looks for ``shutdown()``; serve_forever's default of 0.5 s made
#: every test that used the server wait half a second in its teardown.
SERVER_POLL_SECONDS = 0.01


@pytest.fixture
def server():
    Handler.hits = {}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": SERVER_POLL_SECONDS}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_download_when_no_mirror_has_the_file(tmp_path, server):
    raw = tmp_path / "raw"
    target = write_sidecar(raw, "file.bin", PAYLOAD, download_url=f"{server}/file.bin")
    report = fetch(raw, mirror=tmp_path / "none", http=pool(retries=0))
    assert [(o.status, o.size) for o in report.outcomes] == [(DOWNLOAD, len(PAYLOAD))]
    assert target.read_bytes() == PAYLOAD
    assert [o.status for o in fetch(raw, mirror=tmp_path / "none").outcomes] == [PRESENT]


def test_download_retries_a_server_error_with_back_off(tmp_path, server):
    raw = tmp_path / "raw"
    target = write_sidecar(raw, "flaky.bin", PAYLOAD, download_url=f"{server}/flaky.bin")
    fetch(raw, mirror=None, http=pool(retries=2, backoff_factor=0))
    assert target.read_bytes() == PAYLOAD
    assert Handler.hits["/flaky.bin"] == 2


def test_interrupted_download_leaves_nothing(tmp_path, server):
    raw = tmp_path / "raw"
    target = write_sidecar(raw, "cut.bin", PAYLOAD, download_url=f"{server}/cut.bin")
    with pytest.raises(InputError) as caught:
        fetch(raw, mirror=None, http=pool(retries=0))
    assert caught.value.message.startswith("download interrupted")
    assert caught.value.expected == f"{len(PAYLOAD)} bytes"
    assert not target.exists() and leftovers(raw) == []


def test_downloaded_bytes_with_another_hash_are_refused(tmp_path, server):
    raw = tmp_path / "raw"
    target = write_sidecar(raw, "other.bin", b"what the sidecar expects")
    sidecar = target.with_name(target.name + SIDECAR_SUFFIX)
    meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    meta["download_url"] = f"{server}/file.bin"
    sidecar.write_text(yaml.safe_dump(meta), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        fetch(raw, mirror=None, http=pool(retries=0))
    assert caught.value.found == hashlib.sha256(PAYLOAD).hexdigest()
    assert not target.exists() and leftovers(raw) == []


def test_http_error_names_the_status(tmp_path, server):
    raw = tmp_path / "raw"
    write_sidecar(raw, "gone.bin", PAYLOAD, download_url=f"{server}/gone.bin")
    with pytest.raises(InputError, match="HTTP 404"):
        fetch(raw, mirror=None, http=pool(retries=0))


def test_unreachable_host_counts_as_missing(tmp_path, server):
    raw = tmp_path / "raw"
    closed = server.rsplit(":", 1)[0] + ":9"  # the discard port: nothing listens on loopback
    target = write_sidecar(raw, "far.bin", PAYLOAD, download_url=f"{closed}/far.bin")
    report = fetch(raw, mirror=None, http=pool(retries=0))
    assert [o.status for o in report.outcomes] == [MISSING]
    assert "download http://127.0.0.1:9/far.bin" in report.outcomes[0].detail
    assert not target.exists()


def test_offline_never_downloads(tmp_path, server):
    raw = tmp_path / "raw"
    write_sidecar(raw, "file.bin", PAYLOAD, download_url=f"{server}/file.bin")
    report = fetch(raw, mirror=None, offline=True)
    assert [o.status for o in report.outcomes] == [MISSING]
    assert Handler.hits == {}


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("mirror", "../outside/file.bin", "malformed value"),
        ("download_url", "ftp://host/file.bin", "malformed value"),
        ("release", "draft", "malformed value"),
        ("release", {"20x2": "final"}, "neither a year nor default"),
    ],
)
def test_malformed_fetch_keys_are_one_line_errors(tmp_path, key, value, message):
    raw = tmp_path / "raw"
    target = write_sidecar(raw, "file.bin", PAYLOAD, **{key: value})
    with pytest.raises(InputError) as caught:
        load_sidecar(target.with_name(target.name + SIDECAR_SUFFIX))
    assert message in caught.value.message and caught.value.field == key
    assert "\n" not in str(caught.value)
