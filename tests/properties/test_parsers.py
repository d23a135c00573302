"""Any input to the parsers of the batch file, claims files, sidecars and CSV adapters gives a
result that meets the contract, or one InputError line (exit 2 on the command line): never a
traceback. Inputs are built from the keys the formats know, so the examples reach the checks
beyond the first key."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from tradeviz.errors import InputError

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"
#: Longest line a parser's error may print (the longest "found" plus a long file name).
MAX_ERROR_CHARS = 2000

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(["KAZ", "CHN", "exports", "{name}", "../x", "index.html", "a.failed", "*"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
#: Text that is YAML on the edge: anchors, aliases, tags, tabs, odd bytes.
yaml_noise = st.text(
    alphabet=st.sampled_from(list("ab:-[]{}&*!|>#'\" \t\n,.%@`?") + ["\u2028", "\x00", "é"]),
    max_size=200,
)


def one_line_or_result(call):
    """Run ``call``; return its result, or None after checking the error is one short line."""
    try:
        return call()
    except InputError as error:
        text = str(error)
        assert "\n" not in text and "\r" not in text, text
        assert len(text) <= MAX_ERROR_CHARS, len(text)
        assert error.exit_code == 2
        return None


# --- the batch file ----------------------------------------------------------------------------
REPORT_KEYS = ["notebook", "name", "output", "parameters", "matrix", "include", "exclude",
               "cell_timeout", "run_timeout", "inputs", "cwd", "kernel"]  # fmt: skip
reports = st.lists(
    st.dictionaries(st.sampled_from(REPORT_KEYS), values, max_size=6), min_size=0, max_size=3
)
batch_files = st.fixed_dictionaries(
    {"reports": reports},
    optional={"output_dir": values, "defaults": values, "extra": values},
)


def _check_batch(path):
    from tradeviz.runner.config import load_config
    from tradeviz.runner.layout import run_id_problem

    config = one_line_or_result(lambda: load_config(path))
    if config is not None:
        ids = [run.run_id for run in config.runs]
        assert len(ids) == len(set(ids))
        assert all(run_id_problem(run_id) is None for run_id in ids), ids


@given(batch_files)
def test_any_batch_file_is_read_or_refused_in_one_line(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("batch") / "reports.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _check_batch(path)


@given(yaml_noise)
def test_any_text_as_a_batch_file_is_read_or_refused_in_one_line(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("batch") / "reports.yaml"
    path.write_text(text, encoding="utf-8")
    _check_batch(path)


# --- claims files --------------------------------------------------------------------------------
CLAIM_KEYS = ["id", "quote", "claim", "subject", "indicator", "reporter", "partner", "flow",
              "period", "value", "unit", "scale", "currency", "kind", "note", "hedge"]  # fmt: skip
claims_files = st.fixed_dictionaries(
    {},
    optional={
        "schema_version": st.one_of(st.just(1), values),
        "document": st.one_of(st.just("neo-2021-07-20"), values),
        "claims": st.one_of(
            st.lists(st.dictionaries(st.sampled_from(CLAIM_KEYS), values, max_size=8), max_size=3),
            values,
        ),
    },
)


@given(claims_files)
def test_any_claims_file_is_read_or_refused_in_one_line(tmp_path_factory, data):
    from tradeviz.checks.claims import load_documents, read_claims_file

    documents = load_documents(RAW / "documents")
    path = tmp_path_factory.mktemp("claims") / "x.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    records = one_line_or_result(lambda: read_claims_file(path, documents))
    if records is not None:
        assert all(record["document"] in documents for record in records)
        ids = [record["claim_id"] for record in records]
        assert len(ids) == len(set(ids))


# --- provenance sidecars -----------------------------------------------------------------------
SIDECAR_KEYS = ["source", "title", "publisher", "url", "retrieved", "sha256", "license",
                "adapter", "notes", "units", "coverage"]  # fmt: skip


@given(st.dictionaries(st.sampled_from(SIDECAR_KEYS), values, max_size=10), yaml_noise)
def test_any_sidecar_is_read_or_refused_in_one_line(tmp_path_factory, data, noise):
    from tradeviz.provenance import read_sidecar

    folder = tmp_path_factory.mktemp("sidecar")
    raw = folder / "file.csv"
    raw.write_text("a,b\n1,2\n")
    sidecar = folder / "file.csv.meta.yaml"
    for text in (yaml.safe_dump(data, allow_unicode=True), noise):
        sidecar.write_text(text, encoding="utf-8")
        read = one_line_or_result(lambda: read_sidecar(raw))
        if read is not None:
            digest = read["sha256"]
            assert len(digest) == 64 and set(digest) <= set("0123456789abcdef")


# --- CSV adapters --------------------------------------------------------------------------------
CSV_FILES = sorted(p for p in RAW.rglob("*.csv") if (p.parent / (p.name + ".meta.yaml")).is_file())


def _mutations():
    lines = st.lists(st.text(max_size=40), max_size=6)
    return st.tuples(st.sampled_from(CSV_FILES), st.integers(0, 400), lines, st.binary(max_size=64))


@given(_mutations())
def test_any_damaged_csv_is_read_or_refused_in_one_line(tmp_path_factory, mutation):
    """Keep a real file's header and first rows, then damage it: cut, add lines, add bytes."""
    from tradeviz.ingest import ingest_file

    source, keep, extra_lines, extra_bytes = mutation
    folder = tmp_path_factory.mktemp("csv")
    target = folder / source.name
    head = b"\n".join(source.read_bytes().splitlines()[: 1 + keep % 20])
    body = head + b"\n" + "\n".join(extra_lines).encode("utf-8", "replace") + extra_bytes
    target.write_bytes(body)
    shutil.copyfile(
        source.parent / (source.name + ".meta.yaml"), folder / (source.name + ".meta.yaml")
    )
    sidecar = folder / (source.name + ".meta.yaml")
    meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    meta["sha256"] = hashlib.sha256(body).hexdigest()
    sidecar.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    frame = one_line_or_result(lambda: ingest_file(target, root=folder, verify=True))
    if frame is not None:
        from tradeviz.contract import validate_figures

        one_line_or_result(lambda: validate_figures(frame))
