"""Display helpers: escaped sentences and tables, charts written once and shown once."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from tradeviz.errors import InputError
from tradeviz.notebook import save_and_show, say, show_table


@pytest.fixture()
def shell():
    shell = InteractiveShell.instance()
    yield shell
    InteractiveShell.clear_instance()


def test_say_escapes_html_and_blocks_mathjax(shell):
    with capture_output() as captured:
        say("Exports were USD 1 bn & <b>rose</b> from $2 to $3.")
    (output,) = captured.outputs
    assert output.data["text/plain"] == "Exports were USD 1 bn & <b>rose</b> from $2 to $3."
    html = output.data["text/html"]
    assert "&amp; &lt;b&gt;rose&lt;/b&gt;" in html
    assert "tex2jax_ignore" in html and "mathjax_ignore" in html


def test_show_table_turns_mathjax_off_for_dollar_signs(shell):
    table = pd.DataFrame({"excerpt": ["US$25.25 billion <x>"], "value": [25.25]})
    with capture_output() as captured:
        show_table(table, caption="Claims & verdicts")
    caption, shown = captured.outputs
    assert "Claims &amp; verdicts" in caption.data["text/html"]
    assert "tex2jax_ignore" in shown.data["text/html"]
    assert "&lt;x&gt;" in shown.data["text/html"]


def test_save_and_show_writes_png_and_html_shows_once_and_closes(shell, tmp_path):
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar(["a", "b"], [1, 2])
    out = tmp_path / "figures"
    with capture_output() as captured:
        paths = save_and_show(fig, "bars", out)
    assert set(paths) == {"png", "html"}
    paths = {kind: Path(path) for kind, path in paths.items()}
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert paths["html"].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in out.iterdir()) == ["bars.html", "bars.png"]
    (output,) = captured.outputs
    assert "image/png" in output.data
    assert not plt.fignum_exists(fig.number)


def test_save_and_show_outside_a_kernel_still_writes(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([1, 2])
    paths = save_and_show(fig, "line", tmp_path)
    assert Path(paths["png"]).exists()


def test_save_and_show_refuses_unsafe_names_and_writes_nothing(tmp_path):
    fig, _ = plt.subplots()
    with pytest.raises(InputError, match="name"):
        save_and_show(fig, "../escape", tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert not plt.fignum_exists(fig.number)


def test_say_gives_each_text_its_own_paragraph(shell):
    with capture_output() as captured:
        say("First.", "Second <2>.")
    (output,) = captured.outputs
    assert output.data["text/html"].count("<p ") == 2
    assert "Second &lt;2&gt;." in output.data["text/html"]
    assert output.data["text/plain"] == "First.\n\nSecond <2>."


def test_show_chart_draws_a_named_chart_and_writes_it(figures, tmp_path, shell):
    from tradeviz.notebook import show_chart

    with capture_output() as captured:
        paths = show_chart("top_partners", figures, tmp_path, year=2020, top_n=3)
    assert sorted(Path(p).name for p in paths.values()) == ["top_partners.html", "top_partners.png"]
    page = Path(paths["html"]).read_text(encoding="utf-8")
    assert "largest export market in 2020" in page
    (output,) = captured.outputs
    assert "image/png" in output.data


def test_show_chart_without_data_says_so_and_writes_nothing(figures, tmp_path, shell):
    from tradeviz.notebook import show_chart

    with capture_output() as captured:
        assert show_chart("top_partners", figures, tmp_path, year=1990) is None
    assert list(tmp_path.iterdir()) == []
    (output,) = captured.outputs
    assert "unverifiable" in output.data["text/plain"] and "1990" in output.data["text/plain"]


def test_show_chart_passes_the_checks_tables_it_is_given(figures, tmp_path):
    from tradeviz.notebook import show_chart

    paths = show_chart("trade_over_time", figures, tmp_path, flags=None, end_year=2021)
    page = Path(paths["html"]).read_text(encoding="utf-8")
    assert "Completeness flags not computed yet" in page  # no flags given: the note says so
    with pytest.raises(InputError, match="takes no option 'verdicts'"):
        show_chart("trade_over_time", figures, tmp_path, verdicts=None)
