"""Print the mutation score of ``make mutation`` and every mutant not killed, from mutants/.

mutmut (3.8) records each mutant's test exit code in ``mutants/<source>.meta``; this reads them
and prints, per module and overall, the share of mutants killed.

The score is honest: it is killed ÷ every mutant that was generated. A mutant no selected test
even runs ("no tests", 🫥 in ``mutmut results``) counts as *not* killed, like a survivor; so do
suspicious and segfaulting ones, and so do mutants not yet checked (an interrupted run), which
are also counted apart. A timeout counts as killed (the tests noticed: they did not finish).
The list that follows names every checked mutant not killed (``mutmut show NAME`` prints one's
diff).

``--markdown`` prints the table per module as Markdown (for ``docs/testing.md``); ``--names``
prints only those names, one a line: ``mutmut run $(tools/mutation_score.py
--names)`` tests them again against the current tests (mutmut keeps a verdict until a mutant is
named or its function changes).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

MUTANTS = Path("mutants")
#: Statuses in which the tests noticed the mutant.
DETECTED = frozenset({"killed", "timeout"})
#: Statuses of a mutant that was never run (an interrupted or partial run): not in the score.
UNCHECKED = frozenset({"not checked", "check was interrupted by user"})


def status_of(code: int | None) -> str:
    """Return mutmut's name for a recorded exit code (``None``: not checked yet)."""
    return status_by_exit_code[code]


def score(counts: Counter[str]) -> tuple[int, int]:
    """Return (detected, checked) for the status counts of some mutants."""
    checked = sum(n for status, n in counts.items() if status not in UNCHECKED)
    detected = sum(counts[status] for status in DETECTED)
    return detected, checked


def not_killed_names(metas: list[Path]) -> list[str]:
    """Return the names of the checked mutants that no test killed."""
    names = []
    for meta in metas:
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        names += sorted(
            name
            for name, code in codes.items()
            if status_of(code) not in DETECTED and status_of(code) not in UNCHECKED
        )
    return names


def markdown_table(metas: list[Path]) -> str:
    """Return the score per module and overall as a Markdown table."""
    lines = [
        "| module | mutants | killed | not killed | not run | score |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    total: Counter[str] = Counter()
    for meta in metas:
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if not codes:
            continue
        counts = Counter(status_of(code) for code in codes.values())
        total.update(counts)
        lines.append(
            _markdown_row(str(meta.relative_to(MUTANTS / "src")).removesuffix(".meta"), counts)
        )
    lines.append(_markdown_row("**all**", total))
    return "\n".join(lines)


def _markdown_row(name: str, counts: Counter[str]) -> str:
    detected, checked = score(counts)
    mutants = sum(counts.values())
    share = f"{100 * detected / mutants:.1f} %" if mutants else "–"
    not_run = mutants - checked
    return f"| {name} | {mutants} | {detected} | {checked - detected} | {not_run} | {share} |"


def main(argv: list[str]) -> int:
    """Print the score per module and overall, then the mutants not killed; return 0."""
    metas = sorted(MUTANTS.rglob("*.py.meta"))
    if not metas:
        print("no mutants/ folder: run `make mutation` first", file=sys.stderr)
        return 1
    if "--names" in argv:
        print("\n".join(not_killed_names(metas)))
        return 0
    if "--markdown" in argv:
        print(markdown_table(metas))
        return 0
    total: Counter[str] = Counter()
    not_killed: list[tuple[str, str]] = []
    print(f"{'module':<45} {'killed':>6} / {'mutants':>7}  {'score':>7}  not checked")
    for meta in metas:
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if not codes:
            continue  # a module copied, not mutated
        statuses = {name: status_of(code) for name, code in codes.items()}
        counts = Counter(statuses.values())
        total.update(counts)
        not_killed += sorted(
            (name, status)
            for name, status in statuses.items()
            if status not in DETECTED and status not in UNCHECKED
        )
        detected, checked = score(counts)
        mutants = sum(counts.values())
        module = str(meta.relative_to(MUTANTS)).removesuffix(".meta")
        print(
            f"{module:<45} {detected:>6} / {mutants:>7}  {100 * detected / mutants:6.1f} %  "
            f"{mutants - checked}"
        )
    detected, checked = score(total)
    mutants = sum(total.values())
    print(
        f"\nmutation score: {100 * detected / max(mutants, 1):.1f} % "
        f"({detected} killed of {mutants} mutants, {mutants - checked} of them not run yet; "
        "'no tests' and 'not checked' count as not killed; "
        + ", ".join(f"{status}: {n}" for status, n in sorted(total.items()))
        + ")"
    )
    print(f"\nmutants not killed ({len(not_killed)}); `mutmut show NAME` prints one:")
    for name, status in not_killed:
        print(f"  {name}  [{status}]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
