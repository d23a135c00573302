"""tradeviz.heap: the objects alive when work starts are frozen during it, and given back after.

Run in a fresh interpreter: the test session itself keeps its collected objects frozen for good.
"""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import gc
    from tradeviz import heap

    print(gc.get_freeze_count() == 0)
    with heap.long_lived_frozen():
        outer = gc.get_freeze_count()
        made = [[] for _ in range(1000)]  # new objects are not frozen by the open block
        with heap.long_lived_frozen():
            print(gc.get_freeze_count() == outer > 0)
        print(gc.get_freeze_count() == outer)  # the inner block gave nothing back
    print(gc.get_freeze_count() == 0)
    heap.freeze_for_good()
    kept = gc.get_freeze_count()
    with heap.long_lived_frozen():
        pass
    print(gc.get_freeze_count() == kept > 0)
    late = [[] for _ in range(1000)]  # made after the freeze for good
    heap.freeze_at_exit()
    print(gc.get_freeze_count() >= kept + 1000)
    """
)


def test_frozen_during_the_block_given_back_after_and_kept_for_good_or_at_exit():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["True"] * 6
