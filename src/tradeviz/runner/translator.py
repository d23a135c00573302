"""How parameter values are written into the injected-parameters cell.

papermill writes each value as Python source with the translator registered for the kernel's
language. Importing this module registers :class:`DateAwareTranslator` for ``python``: it adds
``datetime.date`` values, which papermill's own translator does not know.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from papermill.translators import PythonTranslator, papermill_translators


class DateAwareTranslator(PythonTranslator):
    """papermill's Python translator, plus ``datetime.date`` values (injected as ``date(...)``)."""

    @classmethod
    def translate(cls, val: Any) -> str:
        """Translate a value to Python source; dates need no import in the notebook."""
        if isinstance(val, dt.date) and not isinstance(val, dt.datetime):
            return f"__import__('datetime').date({val.year}, {val.month}, {val.day})"
        return super().translate(val)


papermill_translators.register("python", DateAwareTranslator)
