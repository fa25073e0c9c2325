"""The page helpers: readable timeline and claim tables, and the timeline figure."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from casebook import load_claims, load_timeline
from casebook.figures import event_spans, plot_timeline
from casebook.tables import profile_table, span_label, timeline_table

matplotlib.use("Agg")


def ts(value: str) -> pd.Timestamp:
    return pd.Timestamp(value)


@pytest.mark.parametrize(("start", "end", "precision", "expected"), [
    ("2014-12-19", None, "day", "19 December 2014"),
    ("2014-07-17", None, "approx", "about 17 July 2014"),
    ("2014-09-01", None, "month", "September 2014"),
    ("2014-12-18", "2014-12-22", "day", "18-22 December 2014"),
    ("2014-12-19", "2014-12-22", "approx", "about 19-22 December 2014"),
    ("2014-11-28", "2014-12-02", "day", "28 November to 2 December 2014"),
    ("2017-12-18", "2017-12-19", "day", "18-19 December 2017"),
    ("2020-12-08", "2021-02-17", "day", "8 December 2020 to 17 February 2021"),
    ("2014-12-19", "2014-12-19", "day", "19 December 2014"),
])
def test_span_label(start, end, precision, expected):
    assert span_label(ts(start), ts(end) if end else pd.NaT, precision) == expected


def test_timeline_table_keeps_order_and_shows_disagreement():
    timeline = load_timeline()
    window = timeline[timeline["date"].between("2014-12-16", "2014-12-19")]
    table = timeline_table(window)
    assert list(table.columns) == ["Date", "Who", "What happened", "Sourcing",
                                   "Where sources differ"]
    assert table.index[0] == 1 and len(table) == len(window)
    assert table["What happened"].tolist() == window["event"].tolist()
    assert "Where sources differ" not in timeline_table(window, disagreement=False).columns


def test_profile_table_grades_source_and_item_apart():
    claims = load_claims()
    rows = claims.loc[["sony-fbi-2014-12-19", "sony-dprk-fm-2014-12-20"]]
    table = profile_table(rows)
    assert table["Grade"].tolist() == [f"{r}{c}" for r, c in zip(
        rows["source_reliability"], rows["info_credibility"], strict=True)]
    assert table["Grade"].str.fullmatch(r"[A-F][1-6]").all()
    assert table.loc[1, "Evidence offered"] == (
        "technical forensic, infrastructure, official assertion")


def test_month_precision_events_span_their_month():
    timeline = load_timeline()
    spans = event_spans(timeline[timeline["id"] == "2014-09-01-spear-phishing-begins"]).iloc[0]
    assert spans["start"] == ts("2014-09-01")
    assert spans["end"].strftime("%Y-%m-%d") == "2014-09-30"


def test_plot_timeline_labels_and_rejects_unknown_events():
    timeline = load_timeline()
    window = timeline[timeline["case"].isin(["sony", "context"])
                      & timeline["date"].between("2014-11-20", "2014-12-31")]
    labels = {"2014-11-24-gop-wiper-attack": "Wiper day",
              "2014-12-19-fbi-names-north-korea": "FBI statement"}
    ax = plot_timeline(window, labels=labels)
    assert sorted(t.get_text() for t in ax.texts) == ["FBI statement", "Wiper day"]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Sony Pictures hack", "The film and its release"]
    with pytest.raises(KeyError, match="not in the events"):
        plot_timeline(window, labels={"no-such-event": "x"})
    matplotlib.pyplot.close("all")


def test_plot_timeline_without_labels_still_works():
    timeline = load_timeline()
    ax = plot_timeline(timeline[timeline["case"] == "outage"])
    assert len(ax.get_yticks()) == 1
    matplotlib.pyplot.close("all")
