"""The HTML pages: Jinja2 templates and one stylesheet, inlined so each page stands alone.

Every page tradeviz writes (the index of runs, a run's report, a chart's page) extends
``page.html.j2`` and carries :func:`stylesheet` in a ``<style>`` element: no external resource,
no script. Autoescaping is on, and every value a template prints is escaped with
:func:`html.escape` (quotes included) unless it is :class:`markupsafe.Markup` that tradeviz
built itself (an SVG drawing, nbconvert's rendering of a notebook).
"""

from __future__ import annotations

import functools
import html
from importlib import resources
from typing import Any

#: The stylesheet shared by every page, shipped beside the templates.
STYLESHEET = "tradeviz.css"


def _escape(value: Any) -> Any:
    """Escape a printed value as :func:`html.escape` does; leave trusted markup alone."""
    from markupsafe import Markup

    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value), quote=True))


@functools.cache
def environment():
    """Return the Jinja2 environment of the package's templates (built once)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("tradeviz", "templates"),
        autoescape=True,
        finalize=_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@functools.cache
def stylesheet() -> str:
    """Return the stylesheet shared by every page."""
    return resources.files(__name__).joinpath(STYLESHEET).read_text(encoding="utf-8")


def render(template: str, **context: Any) -> str:
    """Render the template named ``template`` with ``context`` and the shared stylesheet.

    Parameters
    ----------
    template : str
        A file name in this package (``"index.html.j2"``).
    **context
        The template's values; strings are escaped when printed.

    Returns
    -------
    str
        The page.
    """
    from markupsafe import Markup

    return environment().get_template(template).render(stylesheet=Markup(stylesheet()), **context)


def render_fragment(template: str, **context: Any) -> str:
    """Render a template that is a piece of a page (a notebook output), without the stylesheet.

    Parameters
    ----------
    template : str
        A file name in this package (``"claims.html.j2"``).
    **context
        The template's values; strings are escaped when printed.

    Returns
    -------
    str
        The HTML fragment.
    """
    return environment().get_template(template).render(**context)
