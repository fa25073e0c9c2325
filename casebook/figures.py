"""Figures drawn from the seeds: the case timelines and the outage measurements.

Pages call these with DataFrames from the loaders, so every figure is generated from
``seeds/`` and changes when the data does.  Colours are from a colour-blind-safe palette
(Okabe and Ito), and each series also differs by marker or hatch, not by colour alone.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

CASE_STYLE = {
    "sony": {"label": "Sony Pictures hack", "color": "#0072B2", "marker": "o"},
    "outage": {"label": "North Korea's outages", "color": "#D55E00", "marker": "s"},
    "context": {"label": "The film and its release", "color": "#009E73", "marker": "^"},
}
BASIS_STYLE = {
    "measured": {"color": "#0072B2", "hatch": None},
    "reported": {"color": "#E69F00", "hatch": "//"},
}


def event_times(events: pd.DataFrame) -> pd.Series:
    """Each event's moment in UTC: its date plus ``time_utc`` where given, else midday."""
    times = events["time_utc"].where(events["time_utc"] != "", "12:00")
    return pd.to_datetime(events["date"].dt.strftime("%Y-%m-%d") + " " + times)


def plot_timeline(events: pd.DataFrame, *, labels: dict[str, str] | None = None,
                  title: str = "", ax=None):
    """Plot events on one date axis, one lane per case.

    Parameters
    ----------
    events : DataFrame
        Rows of ``load_timeline()``, already filtered to the window to show.
    labels : dict of event id to a short label
        Events to annotate; the others are drawn as unlabelled markers.
    """
    labels = labels or {}
    cases = [c for c in CASE_STYLE if c in set(events["case"])]
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 1.2 + 1.3 * len(cases)), layout="constrained")
    when = event_times(events)
    for lane, case in enumerate(cases):
        style = CASE_STYLE[case]
        rows = events["case"] == case
        ax.scatter(when[rows], [lane] * int(rows.sum()), s=36, color=style["color"],
                   marker=style["marker"], label=style["label"], zorder=3)
    ax.set_yticks(range(len(cases)), [CASE_STYLE[c]["label"] for c in cases])
    ax.set_ylim(-0.7, len(cases) - 0.3 + 0.9)
    for i, (event_id, text) in enumerate(labels.items()):
        match = events.index[events["id"] == event_id]
        if len(match) == 0:
            raise KeyError(f"event '{event_id}' is not in the events being plotted")
        row = match[0]
        lane = cases.index(events.at[row, "case"])
        offset = 0.28 + 0.3 * (i % 3)
        ax.annotate(text, (when[row], lane), xytext=(when[row], lane + offset),
                    fontsize=8, ha="center", va="bottom",
                    arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.6})
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=5, maxticks=12))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    return ax


def plot_outages(outages: pd.DataFrame, *, outage: str, anchor: str | None = None,
                 title: str = "", ax=None):
    """Plot every source's figure for one outage on a UTC time axis.

    Rows with a start and an end are bars.  Rows that give only a start are a marker with an
    open arrow.  Rows that give only a length are drawn from ``anchor`` (the measured start),
    hatched, so the reader sees the spread of lengths without mistaking them for timings.
    """
    rows = outages[outages["outage"] == outage].reset_index(drop=True)
    if rows.empty:
        raise KeyError(f"no rows for outage '{outage}'")
    anchor_time = (rows.loc[rows["id"] == anchor, "start_utc"].iloc[0] if anchor
                   else rows["start_utc"].dropna().min())
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.9 + 0.42 * len(rows)), layout="constrained")
    for i, row in rows.iterrows():
        style = BASIS_STYLE[row["basis"]]
        y = len(rows) - 1 - i
        start, end, minutes = row["start_utc"], row["end_utc"], row["duration_minutes"]
        if pd.notna(start) and pd.notna(end):
            ax.barh(y, end - start, left=start, height=0.55, color=style["color"],
                    hatch=style["hatch"], edgecolor="#333333", lw=0.5)
        elif pd.notna(minutes):
            begin = start if pd.notna(start) else anchor_time
            ax.barh(y, pd.Timedelta(minutes=int(minutes)), left=begin, height=0.55,
                    color="white", hatch="xx", edgecolor=style["color"], lw=0.8)
        if pd.notna(start) and pd.isna(end) and pd.isna(minutes):
            ax.annotate("", xy=(start + pd.Timedelta(hours=1.5), y), xytext=(start, y),
                        arrowprops={"arrowstyle": "->", "color": style["color"], "lw": 1.5})
        if pd.notna(start):
            ax.plot([start], [y], marker="|", markersize=14, color="#333333")
    ax.set_yticks(range(len(rows)), list(reversed(rows["reported_by"].tolist())), fontsize=8)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%H:%M"))
    ax.set_xlabel("Time (UTC)")
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, loc="left", fontsize=11)
    return ax
