"""Write the runner's fixture notebooks (run once after editing: python make_fixtures.py).

Each fixture is named by the behaviour it shows the runner; the cells are kept tiny so the slow
tests stay quick. The `.ipynb` files are committed; this script is their readable source.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def code(source: str, *tags: str) -> dict:
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": []}
    if tags:
        cell["metadata"]["tags"] = list(tags)
    cell["source"] = source.strip("\n")
    return cell


def markdown(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source.strip("\n")}


def notebook(*cells: dict) -> dict:
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index}"
    return {
        "cells": list(cells),
        "metadata": {
            "kernelspec": KERNELSPEC,
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


FIXTURES = {
    "ok_trivial": notebook(
        markdown("# Trivial\n\nPrints a greeting."),
        code('greeting: str = "hello"  # what to print', "parameters"),
        code("print(greeting)"),
    ),
    "ok_report": notebook(
        markdown("# Toy report\n\nA bar chart of twelve months, saved as PNG, and one result."),
        code(
            'reporter: str = "KAZ"  # ISO3 code of the reporter\n'
            'partner: str = "CHN"  # ISO3 code of the partner\n'
            "year: int = 2020  # calendar year\n"
            'output_dir: str = "figures"  # where charts are written',
            "parameters",
        ),
        code(
            "from pathlib import Path\n"
            "import numpy as np\n"
            "import pandas as pd\n"
            "import matplotlib.pyplot as plt\n"
            "from IPython.display import Image\n"
            "from tradeviz.results import record"
        ),
        code(
            "months = pd.period_range(f'{year}-01', periods=12, freq='M')\n"
            "frame = pd.DataFrame({'month': months.strftime('%b'), 'value': np.arange(1, 13) * 10.0})\n"
            "total = record('total', float(frame['value'].sum()))\n"
            "record('parameters', {'reporter': reporter, 'partner': partner, 'year': year})\n"
            "frame.head(3)"
        ),
        code(
            "fig, ax = plt.subplots(figsize=(6, 3))\n"
            "ax.bar(frame['month'], frame['value'])\n"
            "ax.set_title(f'{reporter}–{partner} {year}')\n"
            "out = Path(output_dir)\n"
            "out.mkdir(parents=True, exist_ok=True)\n"
            "fig.savefig(out / 'monthly.png', dpi=72)\n"
            "plt.close(fig)\n"
            "Image(filename=str(out / 'monthly.png'))"
        ),
        markdown("The total is computed above."),
    ),
    "cell_error": notebook(
        code('label: str = "x"  # a label', "parameters"),
        code("print('before')"),
        code("raise ValueError(f'boom: {label}')"),
        code("print('never printed')"),
    ),
    "display_error": notebook(
        code('output_dir: str = "figures"  # where charts are written', "parameters"),
        code(
            "%matplotlib inline\n"
            "import matplotlib.pyplot as plt\n"
            "fig, ax = plt.subplots()\n"
            "ax.plot([1, 2, 3])\n"
            'ax.set_title(r"$\\foo$")  # mathtext error, raised only when drawn\n'
            "fig"
        ),
        code("print('after the display error')"),
    ),
    "sys_exit": notebook(
        code("code: int = 1  # exit status", "parameters"),
        code("import sys\nsys.exit(code)"),
        code("print('never printed')"),
    ),
    "dies": notebook(
        code("status: int = 1  # status of the dying process", "parameters"),
        code("print('about to die', flush=True)"),
        code("import os\nos._exit(status)"),
        code("print('never printed')"),
    ),
    "slow": notebook(
        code("seconds: float = 60.0  # how long to sleep", "parameters"),
        code("import time\ntime.sleep(seconds)"),
        code("print('woke up')"),
    ),
    "typed_params": notebook(
        code("from datetime import date\nfrom typing import Literal"),
        code(
            "year: int = 2020  # calendar year\n"
            "share: float = 0.5  # a fraction\n"
            "draft: bool = False  # mark as draft\n"
            'perspectives: list[str] = ["KAZ", "CHN"]  # whose statistics\n'
            'flow: Literal["exports", "imports"] = "exports"  # trade flow\n'
            "start: date | None = None  # first day, or None for the earliest\n"
            "document: str = ...  # required: the document id",
            "parameters",
        ),
        code(
            "from tradeviz.results import record\n"
            "names = ['year', 'share', 'draft', 'perspectives', 'flow', 'start', 'document']\n"
            "record('checked', {name: globals()[name] for name in names})"
        ),
    ),
    "no_params": notebook(
        markdown("# No parameters"),
        code("x = 1\nprint(x)"),
    ),
    # Equivalents of the behaviours papermill's own test notebooks exercise.
    "untyped": notebook(
        code("%matplotlib inline\nvar = 1  # untyped: any value, as papermill\nratio = 0.5", "parameters"),
        code("from tradeviz.results import record\nrecord('var', var)\nrecord('ratio', ratio)"),
    ),
    "stops_early": notebook(
        code('how: str = "raise"  # raise SystemExit, or sys.exit()', "parameters"),
        code("print('before the stop')"),
        code("import sys\nif how == 'raise':\n    raise SystemExit\nsys.exit()"),
        code("print('never printed')"),
    ),
    "line_magic_error": notebook(
        markdown("A line magic that does not exist."),
        code("%no-such-line-magic"),
        code("print('never printed')"),
    ),
    "reads_relative": notebook(
        code('output_dir: str = "figures"  # where the file is written', "parameters"),
        code(
            "from pathlib import Path\n"
            "from tradeviz.results import record\n"
            "text = Path('greeting.txt').read_text()  # relative to the working directory\n"
            "record('greeting', text)\n"
            "Path(output_dir).mkdir(parents=True, exist_ok=True)\n"
            "(Path(output_dir) / 'copy.txt').write_text(text)"
        ),
    ),
    "hostile": notebook(
        code('title: str = "plain"  # a title shown in the report', "parameters"),
        code(
            "from tradeviz.results import record\n"
            "record('title', title)\n"
            "print(title)"
        ),
    ),
}


def main() -> None:
    for name, document in FIXTURES.items():
        path = HERE / f"{name}.ipynb"
        path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
