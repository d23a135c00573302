"""The two choices about notebook parameters that are policy, not fact: each is one switch.

:data:`POLICY` is read when a parameters cell is parsed and when a batch is planned. Change a
field here (never at a call site) to change the behaviour everywhere: ``tradeviz plan``,
``tradeviz run``, ``tradeviz inspect`` and the chart options read the same value.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """How parameters the cell does not spell out are treated.

    Attributes
    ----------
    infer_unannotated_types : bool
        ``True``: a parameter written without an annotation (``top_n = 10``) takes the type of
        its default (``int``), and other values are refused before the run. ``False``: its type
        is unknown and any value is accepted, as papermill does.
    refuse_unparseable_cell : bool
        ``True``: a ``parameters`` cell that is not plain assignments (a syntax error, a loop, a
        call) stops the batch before any kernel starts. ``False``: the assignments that can be
        read are checked, the rest is passed over, values are injected after the cell as given
        (papermill's behaviour), and the plan carries a warning naming each part not read.

    The policy in force is papermill's on both counts: notebooks papermill runs, tradeviz runs.
    """

    infer_unannotated_types: bool = False
    refuse_unparseable_cell: bool = False


#: The policy in force.
POLICY = Policy()
