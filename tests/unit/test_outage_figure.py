"""plot_outages draws each source's figure honestly: length-only rows start at the anchor."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from casebook import load_outages
from casebook.figures import outage_legend_handles, plot_outage_panels, plot_outages


def bar_starts(ax) -> dict[int, float]:
    """Left edge (in matplotlib date units) of each bar, keyed by its length in minutes."""
    return {round(p.get_width() * 24 * 60): p.get_x() for p in ax.patches}


def test_length_only_rows_start_at_the_measured_start():
    outages = load_outages()
    ax = plot_outages(outages, outage="2014-12-22-blackout", legend=False)
    measured = mdates.date2num(pd.Timestamp("2014-12-22 16:15"))
    starts = bar_starts(ax)
    # NBC's 570 minutes and the Washington Examiner's 600 are lengths with no clock times.
    assert starts[570] == pytest.approx(measured)
    assert starts[600] == pytest.approx(measured)
    plt.close(ax.figure)


def test_without_a_measured_start_the_earliest_reported_start_anchors():
    outages = load_outages()
    ax = plot_outages(outages, outage="2014-12-27-blackout", legend=False)
    # Dyn's 5-hour length has no times; Xinhua's reported 10:30 UTC start anchors it.
    assert bar_starts(ax)[300] == pytest.approx(mdates.date2num(pd.Timestamp("2014-12-27 10:30")))
    plt.close(ax.figure)


def test_explicit_anchor_must_give_a_start():
    outages = load_outages()
    with pytest.raises(ValueError, match="gives no start time"):
        plot_outages(outages, outage="2014-12-22-blackout", anchor="2014-12-22-nbc")
    with pytest.raises(KeyError, match="not a row of outage"):
        plot_outages(outages, outage="2014-12-22-blackout", anchor="2014-12-27-dyn")
    plt.close("all")


def test_legend_explains_every_kind_of_row():
    labels = [h.get_label() for h in outage_legend_handles()]
    assert len(labels) == 5
    assert any("Measured" in t for t in labels) and any("Reported" in t for t in labels)
    assert any("Length only" in t for t in labels) and any("Start only" in t for t in labels)


def test_panels_put_one_legend_under_the_last_panel():
    outages = load_outages()
    fig = plot_outage_panels(outages, {"2014-12-22-blackout": "a", "2014-12-27-blackout": "b"},
                             local_offset_hours=9)
    legends = [ax.get_legend() is not None for ax in fig.axes if ax.get_title(loc="left")]
    assert legends == [False, True]
    plt.close(fig)
