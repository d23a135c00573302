"""Fixtures for intake and drafting: an empty project root, the CLI run in-process."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """An empty project (TRADEVIZ_ROOT) with data/raw/documents and data/raw/claims."""
    root = tmp_path / "project"
    (root / "data" / "raw" / "documents").mkdir(parents=True)
    (root / "data" / "raw" / "claims").mkdir(parents=True)
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("TRADEVIZ_ROOT", str(root))
    return root


@pytest.fixture
def tradeviz(capsys):
    """Run ``tradeviz ARGS`` in-process; return (exit code, stdout, stderr)."""
    from tradeviz.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as done:
            main(list(args))
        captured = capsys.readouterr()
        return done.value.code, captured.out, captured.err

    return run
