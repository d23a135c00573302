"""Run the batch on a Dask cluster: ``tradeviz run --executor dask --scheduler ADDRESS``.

:class:`DaskCluster` is the executor factory the command hands to
:func:`tradeviz.runner.batch.run_batch`. Its :meth:`~DaskCluster.connect` (called before the
batch writes anything) reaches the scheduler, or starts a :class:`distributed.LocalCluster` of
N worker processes for ``local:N``, waits for a worker, and checks that the workers run the
client's code: Dask's own version check (:meth:`distributed.Client.get_versions`) for Dask and
its serialisation libraries, then the environment fingerprint that goes into every cache key
(Python, tradeviz's source, pandas, matplotlib…). Any failure is one line and exit code 3.

The runs themselves go through :class:`tradeviz.runner.dask_executor.DaskExecutor`.
"""

from __future__ import annotations

import contextlib
import logging
import re
import warnings
from pathlib import Path
from typing import Any

from tradeviz.errors import TradevizError
from tradeviz.runner import status as st
from tradeviz.runner.dask_executor import DaskExecutor, quiet_dask_logs

#: Environment variable that gives ``--scheduler``.
SCHEDULER_ENV = "TRADEVIZ_DASK_SCHEDULER"
#: ``local:N`` starts a LocalCluster of N worker processes.
LOCAL_PREFIX = "local:"
#: Seconds to reach the scheduler, and to wait for its first worker.
CONNECT_TIMEOUT = 10.0
WORKER_TIMEOUT = 60.0

_ADDRESS = re.compile(r"^([a-z][a-z0-9+]*://)?[^\s/:]+(:\d+)?$")


class ClusterError(TradevizError):
    """The Dask cluster cannot run the batch (exit code 3); nothing was written."""

    exit_code = st.EXIT_INFRA


def parse_scheduler(address: str) -> tuple[str, int | None]:
    """Split ``--scheduler``: ``("local", n)`` for ``local:N``, else ``(address, None)``.

    Raises
    ------
    tradeviz.errors.InputError
        When the address is neither ``local:N`` nor ``[scheme://]host[:port]``.
    """
    from tradeviz.errors import InputError

    text = address.strip()
    if text.startswith(LOCAL_PREFIX):
        count = text[len(LOCAL_PREFIX) :]
        if count.isdigit() and int(count) >= 1:
            return "local", int(count)
    elif _ADDRESS.match(text):
        return text, None
    raise InputError(
        "not a Dask scheduler address",
        field="--scheduler",
        expected="tcp://HOST:PORT, HOST:PORT or local:N (N worker processes here)",
        found=address,
    )


class DaskCluster:
    """A connection to a Dask cluster, and the factory of the batch's :class:`DaskExecutor`.

    Parameters
    ----------
    address : str
        ``tcp://HOST:PORT`` (or any address :class:`distributed.Client` accepts), or
        ``local:N`` for a LocalCluster of N worker processes on this machine.
    """

    def __init__(self, address: str) -> None:
        self.address = address
        self.target, self.local_workers = parse_scheduler(address)
        self.client: Any = None
        self.cluster: Any = None
        self.slots = 0

    # -- connecting --------------------------------------------------------------------------
    def connect(self) -> int:
        """Reach the cluster and check its workers; return how many runs it executes at once.

        Raises
        ------
        ClusterError
            The scheduler cannot be reached, no worker joins within :data:`WORKER_TIMEOUT`
            seconds, or the workers do not run the client's versions.
        """
        if self.client is not None:
            return self.slots
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ClusterError(
                "the dask executor needs the dask extra: pip install 'tradeviz[dask]'"
            ) from None
        with quiet_dask_logs(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                if self.local_workers is not None:
                    self.cluster = LocalCluster(
                        n_workers=self.local_workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=":0",
                        silence_logs=logging.ERROR,
                    )
                    self.client = Client(self.cluster, timeout=CONNECT_TIMEOUT)
                else:
                    self.client = Client(self.target, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as failure:
                self.close()
                raise ClusterError(
                    f"cannot reach the Dask scheduler at {self.address}: {_first_line(failure)}"
                ) from None
            try:
                self.client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
            except (TimeoutError, OSError):
                self.close()
                raise ClusterError(
                    f"no Dask worker joined the scheduler at {self.address} within "
                    f"{WORKER_TIMEOUT:g} s"
                ) from None
            self._check_versions()
            from tradeviz.runner.remote import TradevizWorkerPlugin

            self.client.register_plugin(TradevizWorkerPlugin())
        self.slots = max(1, sum(self.client.nthreads().values()))
        return self.slots

    def _check_versions(self) -> None:
        from tradeviz.runner.cachekey import environment
        from tradeviz.runner.remote import describe_mismatch, worker_fingerprint

        try:
            self.client.get_versions(check=True)
        except ValueError as failure:
            self.close()
            raise ClusterError(
                f"the Dask client, scheduler and workers run different versions of Dask's "
                f"libraries ({_first_line(failure)}); install the same versions everywhere"
            ) from None
        try:
            fingerprints = self.client.run(worker_fingerprint)
        except ImportError as failure:
            self.close()
            raise ClusterError(
                f"the Dask workers cannot import tradeviz ({failure}): install the same "
                "tradeviz with its dask extra on the workers"
            ) from None
        mine = environment()
        for address, theirs in sorted(fingerprints.items()):
            mismatch = describe_mismatch(mine, theirs)
            if mismatch:
                self.close()
                raise ClusterError(
                    f"Dask worker {address} does not run this client's code: {mismatch}; "
                    "install the same versions on the workers and restart them"
                )

    def describe(self) -> str:
        """Return one line about the cluster: address, workers, dashboard."""
        if self.client is None:
            return f"dask: {self.address} (not connected)"
        workers = len(self.client.nthreads())
        text = f"dask: {self.client.scheduler.address}, {workers} worker"
        text += "s" * (workers != 1) + f", {self.slots} thread" + "s" * (self.slots != 1)
        link = getattr(self.client, "dashboard_link", "")
        if link and (self.cluster is None or self.cluster.scheduler.http_server is not None):
            text += f", dashboard {link}"
        return text

    def __call__(self, workers: int, log_dir: Path, prefetch: int) -> DaskExecutor:
        """Return the executor of one batch (the client must be connected)."""
        self.connect()
        return DaskExecutor(self.client)

    # -- closing -----------------------------------------------------------------------------
    def close(self) -> None:
        """Close the client, and the LocalCluster if this object started it."""
        with quiet_dask_logs(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if self.client is not None:
                with contextlib.suppress(Exception):
                    self.client.close()
                self.client = None
            if self.cluster is not None:
                with contextlib.suppress(Exception):
                    self.cluster.close()
                self.cluster = None

    def __enter__(self) -> DaskCluster:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _first_line(failure: BaseException) -> str:
    text = str(failure).strip() or type(failure).__name__
    return text.splitlines()[0]
