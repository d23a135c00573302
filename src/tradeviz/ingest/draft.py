"""Draft the provenance sidecar of a file a user brings (``tradeviz add FILE``).

The file is read at once by the adapter its content calls for; the draft records its sha256, the
adapter, what the rows say (reporters, periods, units) and a vintage guess (the file's
modification date), and lists under ``to_confirm`` the keys a person must check or fill in
(title, citation, licence, vintage, release). The draft is a valid sidecar, so ``tradeviz build``
takes the file at once; it has no ``mirror`` key: the file is an ordinary file of the project that
its user may commit.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s

if TYPE_CHECKING:
    import pandas as pd

TO_CONFIRM = "TO CONFIRM"
#: Keys of the draft that only a person can state.
KEYS_TO_CONFIRM = ("title", "producer", "citation", "url", "license", "vintage", "release")


def _span(figures: pd.DataFrame) -> str:
    starts, ends = figures[s.PERIOD_START].dropna(), figures[s.PERIOD_END].dropna()
    if starts.empty:
        return "no dated figures"
    return f"{starts.min():%Y-%m-%d} to {ends.max():%Y-%m-%d}"


def draft_sidecar(path: str | os.PathLike[str]) -> tuple[dict[str, Any], pd.DataFrame]:
    """Read ``path`` with the adapter its content calls for and return (draft sidecar, rows).

    Raises
    ------
    InputError
        If the file is not recognised or its content is malformed (the adapter's error).
    """
    from tradeviz.ingest import detect_adapter, read_with
    from tradeviz.ingest.origin import Origin
    from tradeviz.provenance import sha256_of

    path = Path(path)
    adapter = detect_adapter(path)
    figures = read_with(adapter, Origin.of(path))
    reporters = ", ".join(sorted(set(figures[s.REPORTER]))) or "none"
    units = sorted(
        {f"{u} × {sc:g}" for u, sc in zip(figures[s.UNIT], figures[s.SCALE], strict=True)}
    )
    orgs = sorted(set(figures[s.SOURCE_ORG]) - {""})
    modified = dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    draft = {
        "title": f"{TO_CONFIRM}: {adapter} table, reporter {reporters}, {_span(figures)}",
        "producer": f"{TO_CONFIRM}: {', '.join(orgs) or 'the producer'}",
        "producer_code": orgs[0] if orgs else "UNKNOWN",
        "citation": f"{TO_CONFIRM}: who published the file, where it was downloaded, when",
        "url": None,
        "date_published": None,
        "date_accessed": dt.date.today().isoformat(),
        "license": f"{TO_CONFIRM}: the terms of reuse",
        "unit_notes": "; ".join(units) or "no figures",
        "sha256": sha256_of(path),
        "vintage": modified,
        "adapter": adapter,
        "release": "unknown",
        "to_confirm": list(KEYS_TO_CONFIRM),
        "notes": f"Drafted by tradeviz add: {len(figures)} figures, {_span(figures)}; the "
        f"vintage is a guess (the file's modification date, {modified}).",
    }
    return draft, figures


def write_draft(
    path: str | os.PathLike[str], draft: dict[str, Any], *, force: bool = False
) -> Path:
    """Write ``draft`` as the sidecar of ``path`` (atomically); refuse to overwrite one.

    Raises
    ------
    InputError
        If the file already has a sidecar and ``force`` is not set.
    """
    import yaml

    from tradeviz.atomic import write_text
    from tradeviz.errors import InputError
    from tradeviz.provenance import load_sidecar, sidecar_path

    target = sidecar_path(path)
    if target.exists() and not force:
        raise InputError(
            "the file already has a sidecar (use --force to replace it)",
            file=target,
            expected="no sidecar",
            found="a sidecar",
        )
    header = (
        "# Provenance sidecar drafted by `tradeviz add`: check every key listed in to_confirm,\n"
        "# then delete to_confirm. Keys: data/raw/README.md.\n"
    )
    write_text(target, header + yaml.safe_dump(draft, allow_unicode=True, sort_keys=False))
    load_sidecar(target)  # the draft is a valid sidecar
    return target
