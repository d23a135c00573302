"""Checking and drafting keep the objects alive before them out of garbage collections.

Each piece of work (the checks of ``tradeviz check``, a call of ``check_claims``, the drafting of
a document) runs inside :func:`tradeviz.heap.long_lived_frozen`, and gives the objects back
when it ends, by error too. Run in a fresh interpreter: the test session itself keeps its
collected objects frozen for good.
"""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import gc
    import tempfile
    from pathlib import Path
    from types import SimpleNamespace

    import pandas as pd

    from tradeviz.checks import claims, engine, integrity, outputs
    from tradeviz.drafting import claims_file


    class Stop(Exception):
        pass


    def frozen_then_stop(*args, **kwargs):
        print("frozen during", gc.get_freeze_count() > 0)
        raise Stop


    def given_back(work):
        try:
            work()
        except Stop:
            pass
        print("given back", gc.get_freeze_count() == 0)


    print("none before", gc.get_freeze_count() == 0)
    checked_statements = engine._check_statement_ids
    engine._check_statement_ids = frozen_then_stop
    given_back(lambda: engine.check_claims(pd.DataFrame(), pd.DataFrame()))
    engine._check_statement_ids = checked_statements

    claims.load_claims = lambda **kwargs: pd.DataFrame()
    engine.check_claims = lambda figures, found: pd.DataFrame()
    integrity.run_integrity_checks = frozen_then_stop
    given_back(lambda: outputs.run_checks(figures=pd.DataFrame(), write=False))

    claims_file.draft_claims = frozen_then_stop
    document = SimpleNamespace(
        document_id="article", body="", language="en", meta={"date_published": "2024-01-02"}
    )
    with tempfile.TemporaryDirectory() as folder:
        given_back(lambda: claims_file.draft_document(document, Path(folder)))
    """
)


def test_check_claims_run_checks_and_drafting_freeze_and_give_back():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    lines = done.stdout.splitlines()
    assert lines == [
        "none before True",
        *["frozen during True", "given back True"] * 3,
    ], done.stderr
