"""Ingest: one adapter per source format, each turning one raw file into tidy figures.

A file's adapter is named by its sidecar (``adapter:`` key); a file without a sidecar (a fresh
download given to ``tradeviz ingest``) is recognised by its content: a spreadsheet is read as a
BNS by-country workbook, a CSV by the columns of its header (:func:`detect_adapter`).

Adapters:

============================  ============================================================
``bns_annual``                BNS «Основные показатели внешней торговли … по странам» (.xls)
``bns_monthly``               BNS monthly totals with the world (CSV)
``wits_*``                    WITS extracts (see :mod:`tradeviz.ingest.wits`)
``statements``                figures stated by officials and the press (CSV)
``comtrade``                  Comtrade-format long CSV (reporterISO … primaryValue)
``comtrade_reporters``        Comtrade: every reporter's declared trade with one partner (.xlsx)
``eri``                       ERI tables by partner (.xlsx) and bulletin tables (.docx)
``uzstat``                    stat.uz SDMX trade by country (CSV)
``kgnsc``                     stat.kg trade by country, trilingual (.xlsx)
``rus_fts``                   Russian customs (FTS) trade with main partners by month (.xlsx)
``wiiw``                      wiiw FDI database, FDI by partner (CSV, euros)
``documentation``             kept and hash-checked, not ingested (a source's README)
============================  ============================================================
"""

from __future__ import annotations

import importlib
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tradeviz.errors import InputError
from tradeviz.provenance import DOCUMENTATION_ADAPTER, Sidecar, read_sidecar, sidecar_path

if TYPE_CHECKING:
    import pandas as pd

    from tradeviz.ingest.origin import Origin

__all__ = ["ADAPTER_NAMES", "detect_adapter", "ingest_file", "read_with"]

ADAPTER_NAMES: tuple[str, ...] = (
    "bns_annual",
    "bns_monthly",
    "wits_bilateral",
    "wits_hs4_sums",
    "wits_top_hs4",
    "wits_imports_by_partner",
    "wits_imports_by_section",
    "statements",
    "comtrade",
    "comtrade_reporters",
    "eri",
    "uzstat",
    "kgnsc",
    "rus_fts",
    "wiiw",
    DOCUMENTATION_ADAPTER,
)
#: Adapters whose module is named like the adapter and exposes ``read``.
_MODULE_ADAPTERS = ("comtrade_reporters", "eri", "uzstat", "kgnsc", "rus_fts", "wiiw")
#: Workbook adapters, asked in this order whether a workbook is theirs (``matches``); a
#: workbook none of them claims is read as a BNS by-country workbook.
_WORKBOOK_ADAPTERS = ("comtrade_reporters", "kgnsc", "rus_fts", "eri")


def _reader(name: str) -> Callable[[Origin], pd.DataFrame]:
    if name == "bns_annual":
        from tradeviz.ingest import bns_annual

        return bns_annual.read
    if name == "bns_monthly":
        from tradeviz.ingest import bns_monthly

        return bns_monthly.read
    if name.startswith("wits_"):
        from tradeviz.ingest import wits

        return wits.READERS[name]
    if name == "statements":
        from tradeviz.ingest import statements

        return statements.read
    if name == "comtrade":
        from tradeviz.ingest import comtrade

        return comtrade.read
    if name in _MODULE_ADAPTERS:
        return importlib.import_module(f"tradeviz.ingest.{name}").read
    raise KeyError(name)


def detect_adapter(path: str | os.PathLike[str], sidecar: Sidecar | None = None) -> str:
    """Return the adapter name for ``path``: the sidecar's, else recognised by content.

    Raises
    ------
    InputError
        If the sidecar names an unknown adapter or the file's format is not recognised.
    """
    path = Path(path)
    if sidecar is not None:
        name = sidecar.adapter
        if name not in ADAPTER_NAMES:
            raise InputError(
                "sidecar names an unknown adapter",
                file=sidecar.path,
                field="adapter",
                expected="one of " + ", ".join(ADAPTER_NAMES),
                found=name,
            )
        return name
    from tradeviz.ingest import bns_annual, bns_monthly, comtrade, statements, uzstat, wiiw, wits

    if _is_docx(path):
        return "eri"
    if bns_annual.looks_like(path) or _is_office_file(path):
        return _workbook_adapter(path)
    columns = set(comtrade.header_columns(path))
    if set(comtrade.COLUMNS) <= columns:
        return "comtrade"
    if uzstat.looks_like(columns):
        return "uzstat"
    if wiiw.looks_like(columns):
        return "wiiw"
    if set(statements.COLUMNS) <= columns:
        return "statements"
    if set(bns_monthly.COLUMNS) <= columns:
        return "bns_monthly"
    for name, signature in wits.SIGNATURES.items():
        if set(signature) <= columns:
            return name
    raise InputError(
        "file format not recognised",
        file=path,
        row=1,
        field="header",
        expected="a BNS workbook, or a CSV with the columns of a known adapter "
        "(e.g. reporterISO, partnerISO, flowCode, period, cmdCode, primaryValue)",
        found=", ".join(sorted(columns))[:120],
    )


_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ZIP_MAGIC = b"PK\x03\x04"


def _is_docx(path: Path) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return "word/document.xml" in archive.namelist()


def _workbook_adapter(path: Path) -> str:
    """Return the adapter of a workbook by its content (BNS when no other adapter claims it)."""
    from tradeviz.ingest import cells

    try:
        sheets = cells.read_sheets(path)
    except InputError:
        return "bns_annual"  # which reports the unreadable workbook itself
    for name in _WORKBOOK_ADAPTERS:
        if importlib.import_module(f"tradeviz.ingest.{name}").matches(sheets):
            return name
    return "bns_annual"


def _is_office_file(path: Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(4)
    return head in (_OLE_MAGIC, _ZIP_MAGIC)


def read_with(adapter: str, origin: Origin) -> pd.DataFrame:
    """Read ``origin`` with the named adapter (``documentation`` gives no rows).

    Rows whose ``release`` the adapter did not read from the file itself take the one the
    sidecar states for their year (``unknown`` without a sidecar).
    """
    from tradeviz.ingest.tidy import empty_frame, fill_release

    if adapter == DOCUMENTATION_ADAPTER:
        return empty_frame()
    return fill_release(_reader(adapter)(origin), origin)


def ingest_file(
    path: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str] | None = None,
    verify: bool = False,
) -> pd.DataFrame:
    """Detect the format of one file and return its tidy figures.

    Parameters
    ----------
    path : str or os.PathLike
        A raw file. Its sidecar, when present, supplies the adapter and the provenance.
    root : str or os.PathLike, optional
        Directory that ``source_file`` is made relative to (default: the project root).
    verify : bool, default False
        Require a sidecar and check the file's sha256 against it (what ``build`` does).

    Returns
    -------
    pandas.DataFrame
        Tidy figures (contract columns).

    Raises
    ------
    InputError
        For a missing file, a missing or mismatched sidecar (with ``verify``), an unrecognised
        format or any malformed content.
    """
    from tradeviz.ingest.origin import Origin
    from tradeviz.provenance import verify_raw_file

    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", file=path, expected="a file", found="nothing")
    if verify:
        sidecar: Sidecar | None = verify_raw_file(path)
    elif sidecar_path(path).is_file():
        sidecar = read_sidecar(path)
    else:
        sidecar = None
    adapter = detect_adapter(path, sidecar)
    return read_with(adapter, Origin.of(path, sidecar, root=root))
