"""tradeviz: bilateral trade analytics with provenance, claim checks, charts and notebook reports.

The package is organised by concern:

- :mod:`tradeviz.paths` — where the project's data and reports live;
- :mod:`tradeviz.schema` — the tidy ``figures`` table: columns and vocabularies;
- :mod:`tradeviz.errors` — the exceptions that the command line turns into one-line errors;
- :mod:`tradeviz.atomic` — writing files so that readers never see half of one.

Heavier modules (ingest, checks, indicators, charts, runner) are imported on demand so that
``import tradeviz`` and the command line start fast.
"""

from tradeviz.errors import InputError, TradevizError

__version__ = "0.1.0"

__all__ = ["InputError", "TradevizError", "__version__"]
