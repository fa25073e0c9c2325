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
LENGTH_HATCH = "xx"  # a length with no clock times: an open, cross-hatched bar
ANCHOR_STYLE = (0, (2, 2))  # the dotted line that marks where length-only bars begin



def _style(ax, title: str = "", hide: tuple[str, ...] = ("top", "right")) -> None:
    """The course's plain chart style: light vertical grid, no top or right frame, a title."""
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    for side in hide:
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, loc="left", fontsize=11)

def event_times(events: pd.DataFrame) -> pd.Series:
    """Each event's moment in UTC: its date plus ``time_utc`` where given, else midday."""
    times = events["time_utc"].where(events["time_utc"] != "", "12:00")
    return pd.to_datetime(events["date"].dt.strftime("%Y-%m-%d") + " " + times)


def event_spans(events: pd.DataFrame) -> pd.DataFrame:
    """Where each event starts and ends on the time axis, and how it should be drawn.

    A day event is a point.  An event with ``date_end`` is a span to midday of its last day.
    A month-precision event spans its whole month, because the day is not known: drawing it
    as a point on the 1st would claim a precision the sources do not have.
    """
    start = event_times(events)
    end = pd.Series(pd.NaT, index=events.index, dtype="datetime64[ns]")
    has_end = events["date_end"].notna()
    end[has_end] = events.loc[has_end, "date_end"] + pd.Timedelta(hours=12)
    month = events["date_precision"] == "month"
    start[month] = events.loc[month, "date"]
    end[month] = events.loc[month, "date"] + pd.offsets.MonthEnd(0) + pd.Timedelta(hours=23)
    return pd.DataFrame({"start": start, "end": end,
                         "precision": events["date_precision"]}, index=events.index)


def _stack_offsets(lanes: pd.Series, days: pd.Series, step: float) -> pd.Series:
    """Small vertical offsets so events on the same day in the same lane do not hide each
    other: 0, +step, -step, +2 step, ... in the order they come."""
    rank = lanes.groupby([lanes, days]).cumcount()
    return rank.map(lambda k: step * ((k + 1) // 2) * (1 if k % 2 else -1) if k else 0.0)


def _place_labels(ax, items, half_gap: float) -> None:
    """Annotate events, alternating above and below each lane and moving a label one level
    further out whenever it would overlap a label already placed at that level.

    ``items`` holds ``(time, lane_y, marker_y, text)``; ``half_gap`` is half the distance
    between lanes, so the outermost level stays clear of the next lane's labels.
    """
    fig = ax.figure
    fig.draw_without_rendering()  # settle the layout, so pixel widths are final
    renderer = fig.canvas.get_renderer()
    levels = (0.4, -0.4, 0.75, -0.75)
    placed: dict[tuple[float, float], list[tuple[float, float]]] = {}
    for when, lane_y, marker_y, text in sorted(items, key=lambda item: (item[1], item[0])):
        x_px = ax.transData.transform((mdates.date2num(when), 0))[0]
        label = ax.annotate(text, (when, marker_y), xytext=(when, lane_y + levels[0] * half_gap),
                            fontsize=8, ha="center", va="center",
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                  "alpha": 0.85},
                            arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.6})
        half_width = label.get_window_extent(renderer).width / 2 + 4
        span = (x_px - half_width, x_px + half_width)

        def overlap(level, span=span, lane_y=lane_y):
            return sum(max(0.0, min(span[1], hi) - max(span[0], lo))
                       for lo, hi in placed.get((lane_y, level), []))

        # The first free level, or, when every level is crowded, the least crowded one.
        level = next((lv for lv in levels if overlap(lv) == 0), None)
        if level is None:
            level = min(levels, key=overlap)
        placed.setdefault((lane_y, level), []).append(span)
        label.set_position((when, lane_y + level * half_gap))


def plot_timeline(events: pd.DataFrame, *, labels: dict[str, str] | None = None,
                  title: str = "", ax=None):
    """Plot events on one date axis, one lane per case.

    Filled markers are events dated to the day; hollow markers are approximate dates; a pale
    bar is an event that spans days, or one known only to the month (drawn across the month,
    since a point on the 1st would claim a precision the sources lack).  Events on the same
    day are stacked so none hides another.  Labels alternate above and below their lane and
    move further out rather than overlap.

    Parameters
    ----------
    events : DataFrame
        Rows of ``load_timeline()``, already filtered to the window to show.
    labels : dict of event id to a short label
        Events to annotate; the others are drawn as unlabelled markers.
    title : str
        An optional title, left-aligned above the plot.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
    """
    labels = labels or {}
    known = set(events["id"])
    for event_id in labels:
        if event_id not in known:
            raise KeyError(f"event '{event_id}' is not in the events being plotted")
    cases = [c for c in CASE_STYLE if c in set(events["case"])]
    gap = 2.0 if labels else 1.0  # room between lanes for labels above and below
    if ax is None:
        height = 1.2 + (1.4 if labels else 0.8) * len(cases)
        _, ax = plt.subplots(figsize=(10, height), layout="constrained")
    spans = event_spans(events)
    lane_y = events["case"].map({c: i * gap for i, c in enumerate(cases)})
    y = lane_y + _stack_offsets(lane_y, events["date"], 0.12)
    for case in cases:
        style = CASE_STYLE[case]
        rows = events["case"] == case
        for i in events.index[rows & spans["end"].notna()]:
            ax.plot([spans.at[i, "start"], spans.at[i, "end"]], [y[i], y[i]],
                    color=style["color"], lw=6, alpha=0.3, solid_capstyle="butt", zorder=2)
        exact = rows & (spans["precision"] == "day")
        approx = rows & (spans["precision"] == "approx")
        ax.scatter(spans.loc[exact, "start"], y[exact], s=36, color=style["color"],
                   marker=style["marker"], label=style["label"], zorder=3)
        ax.scatter(spans.loc[approx, "start"], y[approx], s=36, facecolors="white",
                   edgecolors=style["color"], linewidths=1.2, marker=style["marker"], zorder=3)
    ax.set_yticks([i * gap for i in range(len(cases))], [CASE_STYLE[c]["label"] for c in cases])
    margin = 0.95 * gap / 2 if labels else 0.7
    ax.set_ylim(-margin, (len(cases) - 1) * gap + margin)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=5, maxticks=12))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    _style(ax, title)
    if labels:
        items = []
        for event_id, text in labels.items():
            i = events.index[events["id"] == event_id][0]
            items.append((spans.at[i, "start"], lane_y[i], y[i], text))
        _place_labels(ax, items, gap / 2)
    return ax


def plot_outages(outages: pd.DataFrame, *, outage: str, anchor: str | None = None,
                 title: str = "", legend: bool = True, local_offset_hours: float | None = None,
                 local_label: str = "Pyongyang time", ax=None):
    """Plot every source's figure for one outage on a UTC time axis.

    Each row of ``outages`` is one source's report, drawn by what it gives:

    - a start and an end: a solid bar (measured, blue) or a hatched bar (reported, orange);
    - a length only: an open, cross-hatched bar of that length, drawn from the source's own
      start if it gives one, else from the anchor, so the spread of lengths is visible without
      passing them off as timings;
    - a start only: a tick with an arrow, because the end is unknown.

    Every bar also carries the source's own figure as text, so the chart can be read exactly.

    Parameters
    ----------
    outages : DataFrame
        Rows of ``load_outages()``.
    outage : str
        Which outage to plot, for example ``"2014-12-22-blackout"``.
    anchor : str, optional
        The id of the row whose start anchors the length-only bars.  By default the start of the
        measured row, or, where no measured row gives a start, the earliest reported start.
    legend : bool
        Draw the legend below the axes (for a stack of panels, pass True on the last one only).
    local_offset_hours : float, optional
        Add a second time axis on top, shifted from UTC by this many hours (9 for Pyongyang in
        2014), labelled ``local_label``.
    """
    rows = outages[outages["outage"] == outage].reset_index(drop=True)
    if rows.empty:
        raise KeyError(f"no rows for outage '{outage}'")
    if anchor is not None:
        if anchor not in set(rows["id"]):
            raise KeyError(f"anchor '{anchor}' is not a row of outage '{outage}'")
        anchor_time = rows.loc[rows["id"] == anchor, "start_utc"].iloc[0]
        if pd.isna(anchor_time):
            raise ValueError(f"anchor '{anchor}' gives no start time")
    else:
        measured = rows.loc[rows["basis"] == "measured", "start_utc"].dropna()
        anchor_time = measured.min() if len(measured) else rows["start_utc"].dropna().min()
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 1.6 + 0.42 * len(rows)), layout="constrained")
    start_only_arrow = pd.Timedelta(hours=1.5)
    right_edges = []
    for i, row in rows.iterrows():
        style = BASIS_STYLE[row["basis"]]
        y = len(rows) - 1 - i
        kind = _row_kind(row)
        start, end, minutes = row["start_utc"], row["end_utc"], row["duration_minutes"]
        right = None
        if kind == "span":
            ax.barh(y, end - start, left=start, height=0.55, color=style["color"],
                    hatch=style["hatch"], edgecolor="#333333", lw=0.5)
            right = end
        elif kind == "length":
            begin = start if pd.notna(start) else anchor_time
            if pd.notna(begin):
                ax.barh(y, pd.Timedelta(minutes=int(minutes)), left=begin, height=0.55,
                        color="white", hatch=LENGTH_HATCH, edgecolor=style["color"], lw=0.9)
                right = begin + pd.Timedelta(minutes=int(minutes))
        elif kind == "start":
            right = start + start_only_arrow
            ax.annotate("", xy=(right, y), xytext=(start, y),
                        arrowprops={"arrowstyle": "->", "color": style["color"], "lw": 1.5})
        if pd.notna(start):
            ax.plot([start], [y], marker="|", markersize=14, color="#333333", zorder=3)
        where = right if right is not None else anchor_time
        if pd.notna(where):
            ax.annotate(_row_text(row, kind), (where, y), xytext=(5, 0),
                        textcoords="offset points", va="center", fontsize=7.5, color="#222222")
            right_edges.append(where)
    if pd.notna(anchor_time):
        ax.axvline(anchor_time, color="#333333", lw=1.0, ls=ANCHOR_STYLE, zorder=0)
    lefts = [t for t in rows["start_utc"].dropna()] + ([anchor_time]
                                                         if pd.notna(anchor_time) else [])
    if lefts and right_edges:
        left, right = min(lefts), max(right_edges)
        span = right - left
        # Room on the right for the text written beside the last bar.
        ax.set_xlim(left - span * 0.04, right + span * 0.42 + pd.Timedelta(hours=1))
    ax.set_ylim(-0.6, len(rows) - 0.4)
    hours = (ax.get_xlim()[1] - ax.get_xlim()[0]) * 24
    step = next((h for h in (1, 2, 3, 4, 6, 12) if hours / h <= 9), 24)
    # Ticks on whole hours, so the UTC and local axes label the same instants.
    ax.xaxis.set_major_locator(mdates.HourLocator(byhour=range(0, 24, step)))
    ax.set_yticks(range(len(rows)), list(reversed(rows["reported_by"].tolist())), fontsize=8)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%H:%M"))
    ax.set_xlabel("Time (UTC)", fontsize=9)
    ax.tick_params(axis="x", labelsize=8)
    if local_offset_hours is not None:
        shift = local_offset_hours / 24  # matplotlib dates count days
        top = ax.secondary_xaxis("top", functions=(lambda x: x + shift, lambda x: x - shift))
        top.xaxis.set_major_locator(mdates.HourLocator(byhour=range(0, 24, step)))
        top.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%H:%M"))
        top.tick_params(labelsize=8, colors="#555555")
        sign = "+" if local_offset_hours >= 0 else "-"
        top.set_xlabel(f"{local_label} (UTC{sign}{abs(local_offset_hours):g})", fontsize=9,
                       color="#555555")
    _style(ax, title, hide=("right",) if local_offset_hours is not None else ("top", "right"))
    if legend:
        ax.legend(handles=outage_legend_handles(), loc="upper center",
                  bbox_to_anchor=(0.5, -0.45), ncol=2, fontsize=7.5, frameon=False)
    return ax


def plot_network_counts(counts: pd.DataFrame, *, highlight: str | None = "north-korea",
                        title: str = "", ax=None):
    """A horizontal bar chart, on a log scale, of how many routed networks each country had.

    Parameters
    ----------
    counts : DataFrame
        Rows of ``load_network_counts()``.
    highlight : str, optional
        The id of the row to set apart (vermillion and hatched rather than blue).
    """
    from matplotlib.ticker import FuncFormatter, LogLocator

    rows = counts.sort_values("networks").reset_index(drop=True)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.9 + 0.5 * len(rows)), layout="constrained")
    for y, row in rows.iterrows():
        marked = row["id"] == highlight
        # A log axis has no zero: bars start at 1, so each ends at its count.
        ax.barh(y, row["networks"] - 1, left=1, height=0.6,
                color=CASE_STYLE["outage"]["color"] if marked else "#0072B2",
                hatch="//" if marked else None, edgecolor="#333333", lw=0.5)
        value = f"{row['networks']:,}"
        label = f"more than {value}" if row["more_than"] else value
        ax.annotate(label, (row["networks"], y), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=9)
    ax.set_xscale("log")
    ax.set_xlim(1, rows["networks"].max() * 12)
    ax.xaxis.set_major_locator(LogLocator(base=10))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_yticks(range(len(rows)), rows["country"].tolist())
    ax.set_xlabel("Routed networks (log scale: each step is ten times the last)")
    _style(ax, title)
    return ax


# ----------------------------------------------------- helpers of plot_outages

def _hours_minutes(minutes: int) -> str:
    """``571`` as ``9 h 31 min``; under an hour, ``31 min``."""
    hours, rest = divmod(int(minutes), 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def _row_kind(row) -> str:
    """How one outage row is drawn: ``span``, ``length`` or ``start`` (or ``none``)."""
    if pd.notna(row["start_utc"]) and pd.notna(row["end_utc"]):
        return "span"
    if pd.notna(row["duration_minutes"]):
        return "length"
    if pd.notna(row["start_utc"]):
        return "start"
    return "none"


def _row_text(row, kind: str) -> str:
    """The figure the source gives, written beside its bar, so the chart can be read exactly."""
    start, end, minutes = row["start_utc"], row["end_utc"], row["duration_minutes"]
    if kind == "span":
        text = f"{start:%H:%M}-{end:%H:%M} UTC"
        return text + (f", {_hours_minutes(minutes)}" if pd.notna(minutes) else "")
    if kind == "length" and pd.notna(start):
        return f"from {start:%H:%M} UTC, {_hours_minutes(minutes)} given, no end"
    if kind == "length":
        return f"{_hours_minutes(minutes)}, length only"
    if kind == "start":
        return f"from {start:%H:%M} UTC, no end or length"
    return "no times given"


def outage_legend_handles() -> list:
    """Legend entries that explain every way ``plot_outages`` draws a source's figure."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    measured, reported = BASIS_STYLE["measured"], BASIS_STYLE["reported"]
    return [
        Patch(facecolor=measured["color"], edgecolor="#333333", lw=0.5,
              label="Measured start and end (routing data)"),
        Patch(facecolor=reported["color"], hatch=reported["hatch"], edgecolor="#333333", lw=0.5,
              label="Reported start and end (news report)"),
        Patch(facecolor="white", hatch=LENGTH_HATCH, edgecolor="#555555", lw=0.8,
              label="Length only (edge blue: measured; orange: reported)"),
        Line2D([0], [0], color=reported["color"], lw=1.5, marker="|", markersize=12,
               markeredgecolor="#333333", label="Start only: the end was not given"),
        Line2D([0], [0], color="#333333", lw=1.0, ls=ANCHOR_STYLE,
               label="Anchor where length-only bars begin"),
    ]


def plot_outage_panels(outages: pd.DataFrame, panels: dict[str, str], *,
                       local_offset_hours: float | None = None):
    """Stack one ``plot_outages`` panel per outage, each on its own time window.

    Parameters
    ----------
    outages : DataFrame
        Rows of ``load_outages()``.
    panels : dict of outage slug to panel title
        The outages to show, top to bottom.
    local_offset_hours : float, optional
        Passed to every panel (9 adds a Pyongyang-time axis for 2014).

    Returns
    -------
    matplotlib.figure.Figure
        One legend, under the last panel, explains every panel.
    """
    sizes = [int((outages["outage"] == key).sum()) for key in panels]
    fig, axes = plt.subplots(len(panels), 1, figsize=(10, 3.2 + 0.45 * sum(sizes)),
                             layout="constrained", gridspec_kw={"height_ratios": sizes},
                             squeeze=False)
    keys = list(panels)
    for ax, key in zip(axes[:, 0], keys, strict=True):
        plot_outages(outages, outage=key, title=panels[key], ax=ax,
                     legend=key == keys[-1], local_offset_hours=local_offset_hours)
    return fig


SHOWN_STYLE = {
    "yes": {"label": "published evidence an outsider could check", "fillstyle": "full"},
    "partial": {"label": "published some of its evidence", "fillstyle": "left"},
    "no": {"label": "published no checkable evidence", "fillstyle": "none"},
}


def genealogy_figure(genealogy: pd.DataFrame | None = None, *, ax=None):
    """Draw the genealogy of the official case: one row per document, placed at its date, with
    an arrow from each document it rests on.

    A filled marker is a document that published evidence an outsider could check, a
    half-filled one published some, a hollow one none.  Rows run in date order, top to bottom.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from .data import date_label, load_genealogy

    genealogy = load_genealogy() if genealogy is None else genealogy
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.42 * len(genealogy) + 1.2), layout="constrained")
    y = {doc: -i for i, doc in enumerate(genealogy.index)}
    for doc, row in genealogy.iterrows():
        for parent in row["rests_on"]:
            ax.annotate("", xy=(row["date"], y[doc]),
                        xytext=(genealogy.at[parent, "date"], y[parent]),
                        arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 0.8,
                                    "connectionstyle": "arc3,rad=-0.25",
                                    "shrinkA": 5, "shrinkB": 5})
    for shown, style in SHOWN_STYLE.items():
        rows = genealogy[genealogy["shown"] == shown]
        ax.plot(rows["date"], [y[d] for d in rows.index], linestyle="none", marker="o",
                markersize=8, color="#0072B2", fillstyle=style["fillstyle"],
                markerfacecoloralt="white", label=style["label"])
    ax.set_yticks(list(y.values()))
    ax.set_yticklabels([f"{row['issuer']}, {date_label(row['date'], 'day')}"
                        for _, row in genealogy.iterrows()], fontsize=8)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_ylim(min(y.values()) - 0.7, 0.7)
    _style(ax, "Which documents of the official case rest on which")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    return ax


# How plot_settlement draws a settled status: blue diamonds for a claim the record upheld,
# vermilion crosses for one it went against (colour-blind-safe, and told apart by marker too).
STATUS_STYLE = {
    "confirmed": {"color": "#0072B2", "marker": "D"},
    "supported": {"color": "#0072B2", "marker": "D"},
    "undermined": {"color": "#D55E00", "marker": "X"},
    "rejected": {"color": "#D55E00", "marker": "X"},
}


def plot_settlement(claims: pd.DataFrame, as_of, *, labels: dict[str, str] | None = None,
                    until=None, title: str = "", ax=None):
    """When each claim was made, and when the evidence behind its later status became public.

    One row per claim, top to bottom in the order given: a grey dot on the day the claim
    became public (``public_date``) and a line to the day its later status was settled
    (``settled_on``), ending in a blue diamond for ``confirmed`` or ``supported`` and a
    vermilion cross for ``undermined`` or ``rejected``; an unresolved claim's line runs dotted
    to the right edge.  A dashed vertical line marks ``as_of``.  The legend sits below the plot.

    Parameters
    ----------
    claims : DataFrame
        Rows of ``load_claims()``, in the order to show.
    as_of : date-like
        The date a learner judged at.
    labels : dict of claim id to a short label
        The row labels; a claim not in it is labelled with its id.
    until : date-like, optional
        The right edge of the time axis; by default the end of the year of the last
        ``settled_on`` (or of ``as_of`` when nothing is settled).
    title : str
        An optional title, left-aligned above the plot.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.lines import Line2D

    from .data import date_label

    labels = labels or {}
    when = pd.Timestamp(as_of)
    settled = claims["settled_on"].dropna()
    right = pd.Timestamp(until) if until is not None else (
        max(settled.max() if len(settled) else when, when) + pd.offsets.YearEnd(0))
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 1.4 + 0.38 * len(claims)), layout="constrained")
    n = len(claims)
    for i, row in enumerate(claims.itertuples()):
        y = n - 1 - i
        if pd.isna(row.settled_on):
            ax.plot([row.public_date, right], [y, y], color="#999999", lw=1.2, ls=":",
                    zorder=1)
        else:
            style = STATUS_STYLE[row.later_status]
            ax.plot([row.public_date, row.settled_on], [y, y], color=style["color"], lw=1.2,
                    zorder=1)
            ax.scatter([row.settled_on], [y], s=44, color=style["color"],
                       marker=style["marker"], zorder=3)
        ax.scatter([row.public_date], [y], s=22, color="#555555", zorder=2)
    ax.axvline(when, color="#333333", lw=1, ls="--", zorder=0)
    ax.annotate(date_label(when, "day"), (when, n - 0.5), xytext=(4, 0),
                textcoords="offset points", fontsize=8, va="bottom")
    ax.set_yticks(range(n), [labels.get(c, c) for c in reversed(list(claims.index))])
    ax.set_ylim(-0.7, n - 0.2)
    ax.set_xlim(claims["public_date"].min() - pd.Timedelta(days=30), right)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    _style(ax, title)
    handles = [
        Line2D([], [], color="#555555", marker="o", ls="", markersize=5,
               label="claim made public"),
        Line2D([], [], color="#0072B2", marker="D", ls="-",
               label="settled: confirmed or supported"),
        Line2D([], [], color="#D55E00", marker="X", ls="-",
               label="settled: undermined or rejected"),
        Line2D([], [], color="#999999", ls=":", label="not settled"),
        Line2D([], [], color="#333333", ls="--", label="the date judged at"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3,
              fontsize=8, frameon=False)
    return ax
