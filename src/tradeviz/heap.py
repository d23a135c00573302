"""Keep Python's cyclic garbage collector off the objects a piece of work finds already there.

By the time tradeviz starts real work (reading raw files, checking claims), its process holds
several hundred thousand long-lived objects: the modules of pandas, pyarrow, pandera and
matplotlib, their caches, the figures table's index. The work itself allocates many short-lived
objects, and every full collection of the cyclic garbage collector walks all the long-lived ones
again, although none of them is garbage. :func:`long_lived_frozen` moves the objects that exist
when the work starts into the collector's permanent generation (:func:`gc.freeze`), which
collections skip, and moves them back when the work ends (:func:`gc.unfreeze`), so a long-lived
process (a notebook kernel) collects them again afterwards. Objects made during the work are
collected as usual.

Python's documentation gives the same call a second use: frozen before a ``fork``, the parent's
objects are not touched by the children's collections, so their memory pages stay shared.

Examples
--------
>>> from tradeviz.heap import long_lived_frozen
>>> with long_lived_frozen():
...     pass
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived_frozen() -> Iterator[None]:
    """Exclude the objects alive now from garbage collections until the block ends.

    A block inside another block, or in a process that called :func:`freeze_for_good`, changes
    nothing: what was alive when the outermost freeze began stays frozen until it ends.

    Yields
    ------
    None
    """
    global _depth
    if _depth == 0:
        gc.freeze()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.unfreeze()


def freeze_for_good() -> None:
    """Collect garbage once, then exclude every object alive now from collections for good.

    For a process whose long-lived objects are all made by now and which ends soon after its
    work (a test session after collecting its tests): later :func:`long_lived_frozen` blocks
    leave these objects frozen.
    """
    global _depth
    gc.collect()
    gc.freeze()
    _depth += 1


def freeze_at_exit() -> None:
    """Exclude every object alive now from collections: the process is about to end.

    While Python shuts down it clears every module and runs the garbage collector several
    times; each collection would walk the hundreds of thousands of objects of the loaded
    libraries, about 0.2 s for a command that loaded pandas, pyarrow and pandera. Frozen, they
    are skipped. Standard streams are still flushed, ``atexit`` handlers still run and objects
    are still released as their modules are cleared; only garbage in reference cycles that
    exists now is left to the operating system (which reclaims the process's memory anyway),
    so call this only once the command's files are written and closed.
    """
    gc.freeze()


#: How many :func:`long_lived_frozen` blocks are open in this process (plus one for good after
#: :func:`freeze_for_good`).
_depth = 0
