"""``tradeviz chart`` from the command line, on a project root holding the built figures.

The command runs in this process (``run_in_process``): what it prints, writes and exits with.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tradeviz.charts import registry

from ..conftest import run_in_process


@pytest.fixture(scope="module")
def root(tmp_path_factory, figures_build, project_root):
    """A project root whose data/processed holds the figures built from data/raw."""
    top = tmp_path_factory.mktemp("root")
    processed = top / "data" / "processed"
    processed.mkdir(parents=True)
    shutil.copy(figures_build.figures_path, processed / "figures.parquet")
    (top / "data" / "raw").symlink_to(project_root / "data" / "raw")
    return top


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    """``tradeviz chart *args`` in this process, on the project ``root``."""
    return run_in_process("chart", *args, root=root)


def test_list_names_every_chart(root):
    done = run(root, "--list")
    assert done.returncode == 0
    for name in registry.CHARTS:
        assert name in done.stdout


def test_writes_the_bundle_by_default(root, tmp_path):
    done = run(root, "partner_shares", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".csv", ".html", ".png", ".svg"]


def test_draws_one_chart_into_out(root, tmp_path):
    done = run(
        root,
        "top_partners",
        "--year",
        "2021",
        "--flow",
        "imports",
        "--top-n",
        "5",
        "--out",
        str(tmp_path),
        "--format",
        "png,html",
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["top_partners.html", "top_partners.png"]
    page = (tmp_path / "top_partners.html").read_text()
    assert "largest source of imports in 2021" in page
    assert "Source: Bureau of National Statistics" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pie"], "unknown chart"),
        (["claims", "--year", "2020"], "takes no option 'year'"),
        (["top_partners", "--year", "1990"], "1990"),
        (["monthly_ytd", "--reporter", "UZB", "--partner", "CHN"], "monthly"),
        (["top_partners", "--format", "pdf"], "unknown output format"),
        (["top_partners"], "no output directory"),
    ],
)
def test_bad_input_exits_2_with_one_line(root, tmp_path, args, message):
    extra = [] if "top_partners" in args and len(args) == 1 else ["--out", str(tmp_path)]
    done = run(root, *args, *extra)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not any(tmp_path.iterdir())


def test_composition_over_all_years(root, tmp_path):
    done = run(root, "composition", "--all-years", "--out", str(tmp_path), "--format", "html")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "composition.html").read_text()
    assert "2015" in page and "2024" in page
    refused = run(root, "top_partners", "--all-years", "--out", str(tmp_path))
    assert refused.returncode == 2 and "year" in refused.stderr


def test_missing_figures_exits_2(tmp_path):
    done = run(tmp_path, "top_partners", "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "tradeviz build" in done.stderr


def test_listing_charts_imports_no_matplotlib_or_pandas():
    code = (
        "import sys\n"
        "from tradeviz.cli import main\n"
        "try:\n"
        "    main(['chart', '--list'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('heavy:', sorted(m for m in ('matplotlib', 'pandas') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "heavy: []" in done.stdout
