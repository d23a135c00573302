"""Hypothesis profiles: modest example counts locally, more (and reproducible) in CI.

``HYPOTHESIS_PROFILE`` picks one by name; otherwise ``ci`` when ``CI`` is set, else ``dev``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Parsers read files: a few hundred examples per property keeps `make test` within its budget.
settings.register_profile(
    "dev",
    max_examples=40,
    deadline=None,  # the machine is shared; the test's own timeout bounds the time
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same examples on every CI run: a failure is reproducible
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
