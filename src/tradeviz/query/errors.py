"""What the query layer raises when the figures asked for cannot be had as asked."""

from __future__ import annotations

from tradeviz.errors import TradevizError


class SelectionError(TradevizError):
    """No figure fits, or only by mixing sources, perspectives, vintages or units."""


class NoFigureError(SelectionError):
    """No figure (in the source, perspective or vintage asked for) fits what was asked."""
