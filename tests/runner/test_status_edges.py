"""Edges of the run statuses: the listing order, the sys.exit(0) status, one-pass iterables."""

from __future__ import annotations

from tradeviz.runner import status as st


def test_the_run_log_lists_statuses_in_this_order():
    assert sorted(st.SEVERITY, key=st.SEVERITY.get) == [
        "cell_error",
        "display_error",
        "kernel_died",
        "timeout",
        "infra_error",
        "invalid_params",
        "interrupted",
        "stopped_early",
        "ok",
        "cached",
    ]
    assert sorted(st.SEVERITY.values()) == list(range(len(st.STATUSES)))


def test_sys_exit_zero_is_stopped_early_which_exits_0_but_is_neither_good_nor_failed():
    assert st.SYS_EXIT_ZERO_STATUS == "stopped_early"
    assert st.exit_code([st.SYS_EXIT_ZERO_STATUS]) == 0
    assert st.SYS_EXIT_ZERO_STATUS not in st.GOOD
    assert st.SYS_EXIT_ZERO_STATUS not in st.FAILED


def test_the_exit_codes_are_the_documented_numbers():
    assert (st.EXIT_OK, st.EXIT_NOTEBOOK_FAILED, st.EXIT_INVALID) == (0, 1, 2)
    assert (st.EXIT_INFRA, st.EXIT_INTERRUPTED) == (3, 4)


def test_statuses_given_as_a_one_pass_iterator_are_all_weighed():
    assert st.exit_code(iter(["ok", "timeout", "display_error"])) == 1
    assert st.exit_code(s for s in ["cached", "kernel_died"]) == 3
    assert st.exit_code(iter([])) == 0
    assert st.exit_code(iter(["ok"]), interrupted=False) == 0
