"""Time drawing and exporting every registered chart for its default case.

For each chart of ``tradeviz.charts.registry``: the median over several runs of (a) drawing it on
a new figure (``render_chart``) and (b) exporting it as PNG (200 dpi), SVG and HTML
(``save_chart``), after one warm-up run. The figures table is loaded once, as in a notebook
kernel. Prints a table; asserts nothing (timings are noisy on a shared 2-core machine).

Run: ``.venv/bin/python bench/bench_charts.py [--runs N]`` (after ``tradeviz build``).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

import matplotlib

matplotlib.use("Agg")

from tradeviz.charts import export, registry  # noqa: E402
from tradeviz.figures import load_figures  # noqa: E402

TARGET_SECONDS = 1.0


def time_chart(name: str, figures, out_dir: str, runs: int) -> dict[str, float]:
    """Return median wall and CPU seconds of drawing and exporting one chart, and its size."""
    samples: dict[str, list[float]] = {"draw": [], "export": [], "cpu": []}
    size = 0
    for attempt in range(runs + 1):
        started, cpu_started = time.perf_counter(), time.process_time()
        figure = registry.render_chart(name, figures)
        drawn = time.perf_counter()
        written = export.save_chart(figure, out_dir, name)
        done, cpu_done = time.perf_counter(), time.process_time()
        if attempt:  # the first run warms caches (fonts, imports)
            samples["draw"].append(drawn - started)
            samples["export"].append(done - drawn)
            samples["cpu"].append(cpu_done - cpu_started)
        size = sum(path.stat().st_size for path in written.values())
    result = {key: statistics.median(values) for key, values in samples.items()}
    result["kb"] = size / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per chart (default 5)")
    args = parser.parse_args()
    started = time.perf_counter()
    figures = load_figures()
    load = time.perf_counter() - started
    print(
        f"figures: {len(figures)} rows loaded in {load * 1000:.0f} ms; "
        f"median of {args.runs} runs after one warm-up\n"
    )
    header = (
        f"{'chart':<16} {'draw ms':>8} {'export ms':>10} {'total ms':>9} "
        f"{'CPU ms':>7} {'files KB':>9}"
    )
    print(header)
    print("-" * len(header))
    totals: list[float] = []
    cpu: list[float] = []
    with tempfile.TemporaryDirectory() as out_dir:
        for name in registry.CHARTS:
            timing = time_chart(name, figures, out_dir, args.runs)
            total = timing["draw"] + timing["export"]
            totals.append(total)
            cpu.append(timing["cpu"])
            print(
                f"{name:<16} {timing['draw'] * 1000:>8.0f} {timing['export'] * 1000:>10.0f} "
                f"{total * 1000:>9.0f} {timing['cpu'] * 1000:>7.0f} {timing['kb']:>9.0f}"
            )
    print("-" * len(header))
    print(
        f"slowest chart {max(totals) * 1000:.0f} ms wall, {max(cpu) * 1000:.0f} ms CPU "
        f"(target: well under {TARGET_SECONDS:.0f} s per chart for draw + PNG + SVG + HTML); "
        f"all {len(totals)} charts {sum(totals):.2f} s wall, {sum(cpu):.2f} s CPU.\n"
        "Wall time includes waiting for a core when other jobs share the machine; CPU time "
        "does not."
    )


if __name__ == "__main__":
    main()
