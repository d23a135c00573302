"""Names, numbers and sentences for readers: one place for every word tradeviz writes.

- :mod:`tradeviz.text.names` — country and aggregate names (one table, a ``label`` and a
  ``sentence`` style), source and producer labels, small words of prose;
- :mod:`tradeviz.text.numbers` — money, percentages, quantities and periods (a ``sentence``, a
  ``chart`` and a ``precise`` style);
- :mod:`tradeviz.text.sentences` — the sentences of interpretation the notebooks show.

Everything returns plain text; whoever renders it escapes it for its medium.
"""

from tradeviz.text.names import (
    capitalise,
    count_phrase,
    country_name,
    join_words,
    ordinal,
    perspective_label,
    possessive,
    producer_label,
    shorten,
    source_label,
)
from tradeviz.text.numbers import (
    format_difference,
    format_money,
    format_percent,
    format_period,
    format_quantity,
)

__all__ = [
    "capitalise",
    "count_phrase",
    "country_name",
    "format_difference",
    "format_money",
    "format_percent",
    "format_period",
    "format_quantity",
    "join_words",
    "ordinal",
    "perspective_label",
    "possessive",
    "producer_label",
    "shorten",
    "source_label",
]
