"""Print the mutation score of ``make mutation`` and every surviving mutant, from mutants/.

mutmut (3.8) records each mutant's test exit code in ``mutants/<source>.meta``; this reads them,
counts each status, prints the share killed among the mutants that were tested, and lists the
survivors (``mutmut show <name>`` prints one's diff).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

MUTANTS = Path("mutants")
#: Statuses that count as tested: the score is killed ÷ (killed + survived + timeout).
TESTED = ("killed", "survived", "timeout", "suspicious")


def main() -> int:
    """Print the score per module and overall, then the survivors; return 0."""
    metas = sorted(MUTANTS.rglob("*.py.meta"))
    if not metas:
        print("no mutants/ folder: run `make mutation` first")
        return 1
    total: Counter[str] = Counter()
    survivors: list[str] = []
    for meta in metas:
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if not codes:
            continue  # a module copied, not mutated
        counts = Counter(status_by_exit_code.get(code, "suspicious") for code in codes.values())
        total.update(counts)
        survivors += sorted(
            name for name, code in codes.items() if status_by_exit_code.get(code) == "survived"
        )
        tested = sum(counts[s] for s in TESTED)
        score = 100 * counts["killed"] / tested if tested else float("nan")
        module = str(meta.relative_to(MUTANTS)).removesuffix(".meta")
        print(f"{module:<45} {counts['killed']:>4} killed / {tested:>4} tested  {score:5.1f} %")
    tested = sum(total[s] for s in TESTED)
    print(
        f"\nmutation score: {100 * total['killed'] / max(tested, 1):.1f} % "
        f"({total['killed']} killed of {tested} tested; "
        + ", ".join(f"{status}: {n}" for status, n in sorted(total.items()))
        + ")"
    )
    print(f"\nsurviving mutants ({len(survivors)}); `mutmut show NAME` prints one:")
    for name in survivors:
        print(f"  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
