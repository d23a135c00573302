"""Number the cells of an executed notebook as the source notebook numbers them.

The notebook papermill executes is not the one the user wrote: papermill removes the error
markers a previous papermill run left in it (cells tagged :data:`ERROR_MARKER_TAG`) and inserts
the injected-parameters cell after the parameters cell (or replaces the one a previous run
injected). Error messages and progress name cells by the number the user sees in the source
notebook; this module translates.
"""

from __future__ import annotations

import json
from typing import Any

from tradeviz.parameters import INJECTED_TAG

#: Tag of the cells papermill adds around a failure, and removes before it runs a notebook.
ERROR_MARKER_TAG = "papermill-error-cell-tag"


def source_cell_number(
    index: int | None, injected_at: int | None, kept: list[tuple[int, bool]] | None = None
) -> int | None:
    """Return the 1-based number, in the source notebook, of cell ``index`` of the executed one.

    Parameters
    ----------
    index : int or None
        0-based index of a cell of the executed notebook (``None``: no cell).
    injected_at : int or None
        Index, in the executed notebook, of the injected-parameters cell.
    kept : list of (int, bool), optional
        ``(source index, is an injected cell)`` of each cell papermill keeps, in order
        (:func:`kept_cells`); without it no cell was removed.

    Returns
    -------
    int or None
        The cell's number in the source notebook; ``None`` when ``index`` is.
    """
    if index is None:
        return None
    if kept is None or len(kept) == 0 or not _had_injected(kept):
        if injected_at is not None and index > injected_at:
            index -= 1
    if kept is not None:
        kept_indices = [position for position, _ in kept]
        if 0 <= index < len(kept_indices):
            return kept_indices[index] + 1
    return index + 1


def _had_injected(kept: list[Any]) -> bool:
    return any(injected for _, injected in kept)


def kept_cells(path: str) -> list[tuple[int, bool]] | None:
    """Return ``(source index, is an injected cell)`` of each cell papermill keeps, in order.

    Parameters
    ----------
    path : str
        The source notebook.

    Returns
    -------
    list of (int, bool) or None
        ``None`` when the notebook cannot be read (then cells are numbered as executed).
    """
    try:
        with open(path, encoding="utf-8") as handle:
            cells = json.load(handle)["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    kept = []
    for position, cell in enumerate(cells):
        tags = (cell.get("metadata") or {}).get("tags") or []
        if ERROR_MARKER_TAG not in tags:
            kept.append((position, INJECTED_TAG in tags))
    return kept
