"""``tradeviz fetch``: fill ``data/raw/`` with the published files its sidecars describe.

The repository keeps, for each published file, only its provenance sidecar (metadata in git,
bytes in storage, as Our World in Data's ``etl`` snapshots do). A sidecar with a ``mirror`` key
(the file's place in a mirror folder) or a ``download_url`` names a *fetched* file: its bytes are
not committed (``.gitignore`` lists them, see :func:`gitignore_block`) and this module brings them:

1. a file already present with the recorded sha256 is left alone;
2. else it is copied from the mirror folder (``--mirror DIR``, ``$TRADEVIZ_MIRROR``, or a
   ``shared/`` folder beside the project, see :func:`default_mirror`);
3. else, when the sidecar gives a direct download address and the machine is online, it is
   downloaded (:mod:`tradeviz.download`: timeouts, retries with back-off, progress bar);
4. else it is reported missing, with where to get it by hand.

Every file is verified against the sidecar's sha256 and written atomically, so a mismatch or an
interrupted transfer leaves nothing half-written. A file a user adds with a plain sidecar (no
``mirror``, no ``download_url``) is an ordinary file the user may commit; fetch ignores it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tradeviz.errors import InputError
from tradeviz.provenance import Sidecar, list_sidecars, load_sidecar, sha256_of

MIRROR_ENV_VAR = "TRADEVIZ_MIRROR"
OFFLINE_ENV_VAR = "TRADEVIZ_OFFLINE"
#: Name of the mirror folder looked for beside the project (and beside its parent folder, so a
#: git worktree kept one level deeper finds the same mirror).
MIRROR_FOLDER = "shared"
MIRROR_SEARCH_LEVELS = 2

PRESENT, MIRROR, DOWNLOAD, MISSING = "present", "mirror", "download", "missing"

GITIGNORE_BEGIN = "# >>> fetched raw files (written by `tradeviz fetch --gitignore`)"
GITIGNORE_END = "# <<< fetched raw files"


@dataclass(frozen=True)
class Outcome:
    """What fetch did with one file.

    Attributes
    ----------
    target : pathlib.Path
        The raw file.
    status : str
        ``present`` (already there, hash checked), ``mirror`` (copied), ``download``
        (downloaded) or ``missing``.
    detail : str
        Where the bytes came from, or where to get them by hand.
    size : int
        Bytes written (0 when nothing was written).
    """

    target: Path
    status: str
    detail: str = ""
    size: int = 0


@dataclass
class FetchReport:
    """Every outcome of one fetch, in sidecar order."""

    outcomes: list[Outcome] = field(default_factory=list)
    mirror: Path | None = None

    def with_status(self, status: str) -> list[Outcome]:
        """Return the outcomes of one status."""
        return [o for o in self.outcomes if o.status == status]


def default_mirror(root: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the mirror folder: ``$TRADEVIZ_MIRROR``, else a ``shared/`` folder near the project.

    The project's parent folder is searched first (``<root>/../shared``), then its grandparent
    (a git worktree such as ``<repo>/wt/<name>`` finds ``<repo>/../shared`` too).
    """
    from tradeviz.paths import project_root

    configured = os.environ.get(MIRROR_ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    base = Path(root) if root is not None else project_root()
    for parent in list(base.resolve().parents)[:MIRROR_SEARCH_LEVELS]:
        candidate = parent / MIRROR_FOLDER
        if candidate.is_dir():
            return candidate
    return None


def is_offline() -> bool:
    """Return whether ``$TRADEVIZ_OFFLINE`` asks fetch not to use the network."""
    return os.environ.get(OFFLINE_ENV_VAR, "").strip().lower() not in ("", "0", "false", "no")


def fetched_sidecars(raw_dir: str | os.PathLike[str]) -> list[Sidecar]:
    """Return the sidecars under ``raw_dir`` whose file is fetched (``mirror``/``download_url``)."""
    sidecars = (load_sidecar(path) for path in list_sidecars(raw_dir))
    return [sidecar for sidecar in sidecars if sidecar.fetched]


def where_to_get(sidecar: Sidecar, mirror: Path | None) -> str:
    """Say where the bytes of a fetched file can be found by hand."""
    places = []
    if sidecar.mirror:
        base = str(mirror) if mirror is not None else f"<mirror, e.g. ../{MIRROR_FOLDER}>"
        places.append(f"copy {base}/{sidecar.mirror}")
    if sidecar.download_url:
        places.append(f"download {sidecar.download_url}")
    places.append(f"see the citation in {sidecar.path.name}")
    return "; or ".join(places)


def fetch(
    raw_dir: str | os.PathLike[str],
    *,
    mirror: str | os.PathLike[str] | None = None,
    offline: bool = False,
    progress: bool = True,
    on_outcome: Callable[[Outcome], None] | None = None,
    http: object | None = None,
) -> FetchReport:
    """Bring every fetched file of ``raw_dir`` that is missing or differs from its sidecar.

    Parameters
    ----------
    raw_dir : str or os.PathLike
        The raw data folder (``data/raw``).
    mirror : str or os.PathLike, optional
        The mirror folder; ``None`` means :func:`default_mirror`. A folder that does not exist
        counts as no mirror.
    offline : bool, default False
        Never use the network (download addresses are then only reported).
    progress : bool, default True
        Show progress bars for large downloads on a terminal.
    on_outcome : callable, optional
        Called with each :class:`Outcome` as soon as it is known.
    http : urllib3.PoolManager, optional
        Connection pool for downloads (default: :func:`tradeviz.download.pool`).

    Returns
    -------
    FetchReport
        One outcome per fetched file; missing files are outcomes, not errors.

    Raises
    ------
    InputError
        For a malformed sidecar, a sha256 mismatch of copied or downloaded bytes, an interrupted
        download or an HTTP error; the file at fault is left as it was.
    """
    from tradeviz import download

    mirror_dir = Path(mirror) if mirror is not None else default_mirror()
    if mirror_dir is not None and not mirror_dir.is_dir():
        mirror_dir = None
    report = FetchReport(mirror=mirror_dir)
    pool = http
    for sidecar in fetched_sidecars(raw_dir):
        target = sidecar.raw_file
        outcome = None
        if target.is_file() and sha256_of(target) == sidecar.sha256:
            outcome = Outcome(target, PRESENT)
        elif mirror_dir is not None and sidecar.mirror and (mirror_dir / sidecar.mirror).is_file():
            source = mirror_dir / sidecar.mirror
            size = download.copy_verified(source, target, sidecar.sha256)
            outcome = Outcome(target, MIRROR, str(source), size)
        elif sidecar.download_url and not offline:
            pool = pool if pool is not None else download.pool()
            try:
                size = download.download_verified(
                    sidecar.download_url, target, sidecar.sha256, http=pool, progress=progress
                )
                outcome = Outcome(target, DOWNLOAD, sidecar.download_url, size)
            except download.Unreachable as error:
                detail = f"{where_to_get(sidecar, mirror_dir)} (network: {error})"
                outcome = Outcome(target, MISSING, detail)
        if outcome is None:
            outcome = Outcome(target, MISSING, where_to_get(sidecar, mirror_dir))
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return report


def missing_error(report: FetchReport, root: str | os.PathLike[str] | None = None) -> InputError:
    """Return the one-line error naming every missing file and where to get it."""
    from tradeviz.ingest.origin import display_path

    missing = report.with_status(MISSING)
    names = ", ".join(display_path(o.target, root) for o in missing)
    return InputError(
        f"{len(missing)} raw file(s) could not be fetched: no mirror folder holds them and no "
        f"download was possible (give --mirror DIR or set {MIRROR_ENV_VAR}; where to get each "
        "by hand is listed above)",
        field="mirror",
        expected="a mirror folder or a network connection",
        found=names,
    )


def gitignore_block(raw_dir: str | os.PathLike[str], root: str | os.PathLike[str]) -> str:
    """Return the ``.gitignore`` block that keeps every fetched file's bytes out of git."""
    root = Path(root).resolve()
    lines = [GITIGNORE_BEGIN]
    for sidecar in fetched_sidecars(raw_dir):
        relative = sidecar.raw_file.resolve().relative_to(root).as_posix()
        lines.append("/" + _escape_gitignore(relative))
    lines.append(GITIGNORE_END)
    return "\n".join(lines) + "\n"


def _escape_gitignore(path: str) -> str:
    """Escape the characters that are patterns in ``.gitignore`` (``[``, ``*``, ``?``, ``!``)."""
    out = []
    for char in path:
        out.append("\\" + char if char in "[]*?!#" else char)
    return "".join(out)


def update_gitignore(gitignore: str | os.PathLike[str], block: str) -> bool:
    """Replace (or append) the fetched-files block of ``gitignore``; return whether it changed."""
    from tradeviz.atomic import write_text

    path = Path(gitignore)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    begin, end = text.find(GITIGNORE_BEGIN), text.find(GITIGNORE_END)
    if begin != -1 and end != -1 and end > begin:
        after = text.find("\n", end)
        after = len(text) if after == -1 else after + 1
        new_text = text[:begin] + block + text[after:]
    else:
        new_text = text + ("" if text.endswith("\n") or not text else "\n") + block
    if new_text == text:
        return False
    write_text(path, new_text)
    return True
