"""Copy or download one raw file, verified against its sha256, written atomically.

Both writers stream the bytes into a temporary sibling of the target (:mod:`tradeviz.atomic`),
hash them on the way, and rename the temporary file onto the target only when the hash is the
one the sidecar records. A mismatch, an interrupted transfer or any other failure removes the
temporary file: the target is either the verified file or untouched.

Downloads use urllib3 (a connection pool with timeouts and retries with exponential back-off on
connection errors and on the HTTP statuses of :data:`RETRY_STATUSES`); a bar shows the progress of
files larger than :data:`PROGRESS_MIN_BYTES` on a terminal (tqdm).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tradeviz.atomic import atomic_path
from tradeviz.errors import InputError

if TYPE_CHECKING:
    import urllib3

CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 60.0
RETRIES = 3
BACKOFF_FACTOR_S = 0.5
RETRY_STATUSES = (429, 500, 502, 503, 504)
CHUNK_BYTES = 1 << 16
#: Files at least this large get a progress bar (on a terminal).
PROGRESS_MIN_BYTES = 1 << 20
#: Largest file fetched (the raw files are kilobytes to a few megabytes): bounds a bad URL.
MAX_FILE_BYTES = 1 << 30
USER_AGENT = "tradeviz-fetch"


class Unreachable(Exception):
    """The download address could not be reached (no network, no such host, refused)."""


def _mismatch(target: Path, source: str, expected: str, found: str) -> InputError:
    return InputError(
        f"fetched bytes do not match the sidecar's sha256 (from {source}); nothing was written",
        file=target,
        field="sha256",
        expected=expected,
        found=found,
    )


def _stream_into(target: Path, chunks: Any, expected_sha256: str, source: str) -> int:
    """Write ``chunks`` to ``target`` atomically if their sha256 is ``expected_sha256``."""
    digest = hashlib.sha256()
    size = 0
    with atomic_path(target) as tmp, open(tmp, "wb") as handle:
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise InputError(
                    "file is larger than any raw file should be; nothing was written",
                    file=target,
                    field="size",
                    expected=f"at most {MAX_FILE_BYTES} bytes",
                    found=f"more (from {source})",
                )
            digest.update(chunk)
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())
        if digest.hexdigest() != expected_sha256:
            raise _mismatch(target, source, expected_sha256, digest.hexdigest())
    return size


def _file_chunks(handle: IO[bytes]) -> Any:
    return iter(lambda: handle.read(CHUNK_BYTES), b"")


def copy_verified(source: str | os.PathLike[str], target: Path, expected_sha256: str) -> int:
    """Copy ``source`` to ``target`` if its bytes have the expected sha256; return the size.

    Raises
    ------
    InputError
        If the bytes' sha256 differs (``target`` is left as it was).
    """
    with open(source, "rb") as handle:
        return _stream_into(target, _file_chunks(handle), expected_sha256, str(source))


def pool(retries: int = RETRIES, backoff_factor: float = BACKOFF_FACTOR_S) -> urllib3.PoolManager:
    """Return a urllib3 pool with the fetch timeouts and retry policy."""
    import urllib3

    retry = urllib3.util.Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff_factor,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
    )
    timeout = urllib3.util.Timeout(connect=CONNECT_TIMEOUT_S, read=READ_TIMEOUT_S)
    return urllib3.PoolManager(retries=retry, timeout=timeout, headers={"User-Agent": USER_AGENT})


def download_verified(
    url: str,
    target: Path,
    expected_sha256: str,
    *,
    http: urllib3.PoolManager | None = None,
    progress: bool = True,
) -> int:
    """Download ``url`` to ``target`` if its bytes have the expected sha256; return the size.

    Parameters
    ----------
    url : str
        A direct download address.
    target : pathlib.Path
        Where the file goes (written atomically).
    expected_sha256 : str
        The sidecar's sha256.
    http : urllib3.PoolManager, optional
        The connection pool (default: :func:`pool`).
    progress : bool, default True
        Show a progress bar for large files when stderr is a terminal.

    Raises
    ------
    Unreachable
        If the host cannot be reached (the caller reports the file as missing).
    InputError
        For an HTTP error status, an interrupted transfer (fewer bytes than announced), a file
        larger than :data:`MAX_FILE_BYTES` or a sha256 mismatch; ``target`` is left as it was.
    """
    import urllib3

    http = http if http is not None else pool()
    try:
        response = http.request("GET", url, preload_content=False, redirect=True)
    except urllib3.exceptions.MaxRetryError as error:
        if isinstance(error.reason, urllib3.exceptions.ResponseError):
            raise InputError(
                "download failed after retries",
                file=target,
                field="download_url",
                expected="HTTP 200",
                found=str(error.reason),
            ) from None
        raise Unreachable(str(error.reason)) from None
    except urllib3.exceptions.HTTPError as error:
        raise Unreachable(str(error)) from None
    try:
        if response.status != 200:
            raise InputError(
                "download failed",
                file=target,
                field="download_url",
                expected="HTTP 200",
                found=f"HTTP {response.status} from {url}",
            )
        announced = int(response.headers.get("Content-Length") or 0)
        if announced > MAX_FILE_BYTES:
            raise InputError(
                "file is larger than any raw file should be; nothing was written",
                file=target,
                field="size",
                expected=f"at most {MAX_FILE_BYTES} bytes",
                found=f"{announced} bytes announced by {url}",
            )
        bar = _progress_bar(target, announced, progress)
        try:
            chunks = _response_chunks(response, bar)
            return _stream_into(target, chunks, expected_sha256, url)
        except (urllib3.exceptions.ProtocolError, urllib3.exceptions.ReadTimeoutError) as error:
            raise InputError(
                "download interrupted; nothing was written",
                file=target,
                field="download_url",
                expected=f"{announced} bytes" if announced else "the whole file",
                found=_first_line(error),
            ) from None
        finally:
            bar.close()
    finally:
        response.release_conn()


def _response_chunks(response: Any, bar: Any) -> Any:
    for chunk in response.stream(CHUNK_BYTES):
        bar.update(len(chunk))
        yield chunk


def _progress_bar(target: Path, total: int, progress: bool) -> Any:
    from tqdm import tqdm

    show = progress and total >= PROGRESS_MIN_BYTES
    return tqdm(
        total=total or None,
        unit="B",
        unit_scale=True,
        desc=target.name,
        file=sys.stderr,
        disable=None if show else True,  # None: shown only on a terminal
        leave=False,
    )


def _first_line(error: BaseException) -> str:
    text = str(error)
    return text.splitlines()[0] if text else type(error).__name__
