"""Where a raw file's rows come from: the fields every adapter copies onto each row."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tradeviz import schema as s
from tradeviz.provenance import Sidecar

#: Vintage of a file read without a sidecar (``tradeviz ingest`` of a fresh download).
UNRECORDED_VINTAGE = "unrecorded"


@dataclass(frozen=True)
class Origin:
    """Provenance fields shared by every row of one raw file.

    Attributes
    ----------
    path : pathlib.Path
        The file that is read.
    source_file : str
        The path written into ``source_file`` (relative to the project root when inside it).
    vintage : str
        Release date or dataset version (the sidecar's ``vintage``).
    source_url : str
        The sidecar's ``url``.
    source_org : str
        The sidecar's ``producer_code`` (or the adapter's default).
    sidecar : Sidecar or None
        The sidecar, when the file has one.
    """

    path: Path
    source_file: str
    vintage: str
    source_url: str
    source_org: str
    sidecar: Sidecar | None = None

    def provenance(self, default_org: str = "") -> dict[str, str]:
        """Return the provenance columns every figure read from this file carries.

        Parameters
        ----------
        default_org : str, optional
            The adapter's producer code, used when the sidecar names none.
        """
        return {
            s.SOURCE_ORG: self.source_org or default_org,
            s.SOURCE_FILE: self.source_file,
            s.SOURCE_URL: self.source_url,
            s.VINTAGE: self.vintage,
        }

    @classmethod
    def of(
        cls,
        path: str | os.PathLike[str],
        sidecar: Sidecar | None = None,
        *,
        root: str | os.PathLike[str] | None = None,
        default_org: str = "",
    ) -> Origin:
        """Return the origin of ``path``, read from its sidecar when there is one."""
        path = Path(path)
        return cls(
            path=path,
            source_file=display_path(path, root),
            vintage=sidecar.vintage if sidecar else UNRECORDED_VINTAGE,
            source_url=str(sidecar.get("url") or "") if sidecar else "",
            source_org=str(sidecar.get("producer_code") or default_org) if sidecar else default_org,
            sidecar=sidecar,
        )


def display_path(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> str:
    """Return ``path`` relative to ``root`` (default: the project root) when inside it."""
    from tradeviz.paths import project_root

    path = Path(path).resolve()
    base = Path(root).resolve() if root is not None else project_root()
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
