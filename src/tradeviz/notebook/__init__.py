"""Helpers the notebooks call: parameter checks and display of sentences, tables and charts.

The notebooks in ``notebooks/`` hold no logic; they call these functions and the library:

- :func:`start` — the one-line set-up (``tv = tradeviz.notebook.start(**parameters)``): loads the
  figures, checks and records the parameters, returns a :class:`~.session.Session` whose
  ``show`` displays an answer and returns its tidy data, and whose ``chart`` draws a chart with
  the reviewed claims about the pair;
- :func:`check_parameters` — stop at the first code cell with one clear line when a parameter is
  of the wrong type or outside the data (unknown country code, a year without data …);
- one module per question, each answer an :class:`~tradeviz.notebook.answer.Answer` (sentences,
  a table for readers, the results to record and the tidy data used):
  :mod:`~tradeviz.notebook.shares`, :mod:`~tradeviz.notebook.growth`,
  :mod:`~tradeviz.notebook.profile`, :mod:`~tradeviz.notebook.mirror`,
  :mod:`~tradeviz.notebook.investment`, :mod:`~tradeviz.notebook.claims`,
  :mod:`~tradeviz.notebook.integrity`;
- :func:`say`, :func:`show_table`, :func:`show_chart`, :func:`save_and_show` — display generated
  sentences, tables and charts (charts also written as PNG and HTML into the run's
  ``output_dir``).

Importing this package is light; pandas, matplotlib and IPython are imported when used.
"""

from tradeviz.notebook.display import save_and_show, say, show_chart, show_claims, show_table
from tradeviz.notebook.session import Session, start
from tradeviz.parameters.catalogue import PARAMETER_TYPES, check_parameters
from tradeviz.parameters.problems import ParameterError, ParameterProblem

__all__ = [
    "PARAMETER_TYPES",
    "ParameterError",
    "ParameterProblem",
    "Session",
    "check_parameters",
    "save_and_show",
    "say",
    "show_chart",
    "show_claims",
    "show_table",
    "start",
]
