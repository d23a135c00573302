"""Every question the notebooks ask, in one namespace: ``from tradeviz.notebook import answers``.

Each function returns an :class:`~tradeviz.notebook.answer.Answer` (sentences, a table for
readers, the results to record and the tidy ``data`` it was computed from), to be shown with
:meth:`tradeviz.notebook.session.Session.show`. The functions live in one module per question.
"""

from tradeviz.notebook.claims import claim_verdicts
from tradeviz.notebook.growth import annual_growth, ytd_growth
from tradeviz.notebook.integrity import integrity_summary
from tradeviz.notebook.investment import investment_statements
from tradeviz.notebook.mirror import mirror_comparison
from tradeviz.notebook.profile import annual_table
from tradeviz.notebook.shares import partner_shares, top_partners

__all__ = [
    "annual_growth",
    "annual_table",
    "claim_verdicts",
    "integrity_summary",
    "investment_statements",
    "mirror_comparison",
    "partner_shares",
    "top_partners",
    "ytd_growth",
]
