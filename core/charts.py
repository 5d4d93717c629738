"""Server-rendered SVG charts: pure functions from numbers to markup, no JavaScript.

Each chart is a <figure> holding an SVG (role="img", named by its <title> and <desc>) and the same
numbers as a table inside <details>, so a screen reader, a keyboard user or anyone who prefers
numbers can read them. Every text goes through format_html, so labels are escaped.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# The viewBox is about a phone's width, so 11-unit text stays readable when the chart scales.
WIDTH = 360
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 38, 14, 20, 34
LEGEND_Y = 12  # the line chart's legend, above its plot
LINE_TOP = 30
PLOT_W = WIDTH - LEFT - RIGHT

# Lines differ by colour, dash and marker, so none depends on colour alone (AA on white).
LINE_STYLES = [
    {"colour": "#1f4e79", "dash": "", "marker": "circle"},
    {"colour": "#a14a00", "dash": "6 3", "marker": "square"},
    {"colour": "#2e6b30", "dash": "2 3", "marker": "diamond"},
]


def _join(parts: Iterable[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _num(value: float) -> str:
    """Coordinates with one decimal: short markup, stable output for tests."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def percent(value: float) -> str:
    return f"{round(value * 100)}%"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: nothing to measure (e.g. no session was scheduled)
    text: str  # the value in words, for the table and the tooltip


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[date | datetime, float]]


@dataclass(frozen=True)
class ChartText:
    """What the chart is called, what it shows in a sentence, and its table's column names."""

    title: str
    desc: str
    columns: tuple[str, ...] = field(default_factory=tuple)
    empty: str = "No data yet."


def _frame(
    chart_id: str, text: ChartText, body: SafeString, table: SafeString, height: int
) -> SafeString:
    svg = format_html(
        '<svg class="gw-chart-svg" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg" '
        'font-family="system-ui, sans-serif" font-size="11">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        id=chart_id,
        title=text.title,
        desc=text.desc,
        body=body,
    )
    return format_html(
        '<figure class="gw-chart" id="{id}">{svg}'
        '<details class="gw-chart-data"><summary>Show the numbers<span class="visually-hidden">: '
        "{title}</span></summary>{table}</details></figure>",
        id=chart_id,
        svg=svg,
        title=text.title,
        table=table,
    )


def _y_axis(
    ticks: Sequence[float], y_max: float, top: float, plot_h: float, fmt: Callable[[float], str]
) -> SafeString:
    parts = []
    for tick in ticks:
        y = top + plot_h - (tick / y_max) * plot_h
        parts.append(
            format_html(
                '<line class="gw-grid" x1="{x1}" x2="{x2}" y1="{y}" y2="{y}" stroke="#d0d5da" '
                'stroke-width="1"/><text x="{tx}" y="{ty}" text-anchor="end" fill="#444">{label}'
                "</text>",
                x1=LEFT,
                x2=WIDTH - RIGHT,
                y=_num(y),
                tx=LEFT - 5,
                ty=_num(y + 4),
                label=fmt(tick),
            )
        )
    parts.append(
        format_html(
            '<line x1="{x}" x2="{x}" y1="{top}" y2="{bottom}" stroke="#555" stroke-width="1"/>'
            '<line x1="{x}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#555" '
            'stroke-width="1"/>',
            x=LEFT,
            top=_num(top),
            bottom=_num(top + plot_h),
            right=WIDTH - RIGHT,
        )
    )
    return _join(parts)


def _empty_note(text: ChartText, top: float, plot_h: float) -> SafeString:
    return format_html(
        '<text class="gw-chart-empty" x="{x}" y="{y}" text-anchor="middle" fill="#444" '
        'font-size="13">{empty}</text>',
        x=_num(LEFT + PLOT_W / 2),
        y=_num(top + plot_h / 2),
        empty=text.empty,
    )


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]], empty: str) -> SafeString:
    head = format_html_join("", '<th scope="col">{}</th>', ((c,) for c in columns))
    if not rows:
        body = format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), empty)
    else:
        body = _join(
            format_html(
                '<tr><th scope="row">{}</th>{}</tr>',
                row[0],
                format_html_join("", "<td>{}</td>", ((cell,) for cell in row[1:])),
            )
            for row in rows
        )
    return format_html(
        '<table class="table table-sm mb-0"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        head,
        body,
    )


def bar_chart(
    *,
    chart_id: str,
    text: ChartText,
    bars: Sequence[Bar],
    y_max: float = 1.0,
    y_ticks: Sequence[float] = (0, 0.25, 0.5, 0.75, 1.0),
    y_format: Callable[[float], str] = percent,
) -> SafeString:
    """Vertical bars on a 0..y_max scale; a bar with no value leaves its slot empty."""
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [_y_axis(y_ticks, y_max, TOP, plot_h, y_format)]
    if not bars:
        parts.append(_empty_note(text, TOP, plot_h))
    band = PLOT_W / max(len(bars), 1)
    bar_w = min(band * 0.6, 48)
    for index, bar in enumerate(bars):
        centre = LEFT + band * index + band / 2
        parts.append(
            format_html(
                '<text x="{x}" y="{y}" text-anchor="middle" fill="#444" font-size="10">{label}'
                "</text>",
                x=_num(centre),
                y=_num(TOP + plot_h + 15),
                label=bar.label,
            )
        )
        if bar.value is None:
            parts.append(
                format_html(
                    '<text x="{x}" y="{y}" text-anchor="middle" fill="#666">–</text>',
                    x=_num(centre),
                    y=_num(TOP + plot_h - 4),
                )
            )
            continue
        value = min(max(bar.value, 0.0), y_max)
        height = value / y_max * plot_h
        parts.append(
            format_html(
                '<rect class="gw-bar" x="{x}" y="{y}" width="{w}" height="{h}" fill="#1f4e79">'
                "<title>{label}: {words}</title></rect>"
                '<text x="{cx}" y="{ty}" text-anchor="middle" fill="#222" font-size="10">{v}</text>',
                x=_num(centre - bar_w / 2),
                y=_num(TOP + plot_h - height),
                w=_num(bar_w),
                h=_num(height),
                label=bar.label,
                words=bar.text,
                cx=_num(centre),
                ty=_num(TOP + plot_h - height - 4),
                v=y_format(value),
            )
        )
    columns = text.columns or ("", "")
    table = _table(columns, [(bar.label, bar.text) for bar in bars], text.empty)
    return _frame(chart_id, text, _join(parts), table, HEIGHT)


def _x_of(moment: date | datetime) -> float:
    """Days since the epoch of the ordinal calendar, with the time of day as a fraction."""
    if isinstance(moment, datetime):
        seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
        return moment.toordinal() + seconds / 86400
    return float(moment.toordinal())


def _marker(
    shape: str, x: float, y: float, colour: str, tooltip: str, css: str = "gw-point"
) -> SafeString:
    if shape == "square":
        geometry = format_html(
            '<rect x="{}" y="{}" width="7" height="7"', _num(x - 3.5), _num(y - 3.5)
        )
    elif shape == "diamond":
        geometry = format_html(
            '<polygon points="{},{} {},{} {},{} {},{}"',
            _num(x),
            _num(y - 4.5),
            _num(x + 4.5),
            _num(y),
            _num(x),
            _num(y + 4.5),
            _num(x - 4.5),
            _num(y),
        )
    else:
        geometry = format_html('<circle cx="{}" cy="{}" r="3.5"', _num(x), _num(y))
    return format_html(
        '{} class="{}" fill="{}" stroke="#fff" stroke-width="1"><title>{}</title></{}>',
        geometry,
        css,
        colour,
        tooltip,
        {"square": "rect", "diamond": "polygon"}.get(shape, "circle"),
    )


def date_label(moment: date | datetime) -> str:
    return f"{moment.day} {moment:%b}"


def line_chart(
    *,
    chart_id: str,
    text: ChartText,
    series: Sequence[Series],
    start: date,
    end: date,
    y_max: float = 10,
    y_ticks: Sequence[float] = (0, 2, 4, 6, 8, 10),
    x_ticks: int = 5,
) -> SafeString:
    """One line per series over the dates start..end, with a legend; each series keeps its own
    colour, dash and marker shape."""
    top = LINE_TOP
    plot_h = HEIGHT - top - BOTTOM
    x0, x1 = _x_of(start), _x_of(end) + 1  # the end day is included, to its midnight
    span = max(x1 - x0, 1.0)

    def x_at(moment: date | datetime) -> float:
        return LEFT + (min(max(_x_of(moment), x0), x1) - x0) / span * PLOT_W

    def y_at(value: float) -> float:
        return top + plot_h - min(max(value, 0.0), y_max) / y_max * plot_h

    parts = [_y_axis(y_ticks, y_max, top, plot_h, _fmt_value)]
    days = int(x1 - x0)
    count = max(min(x_ticks, days), 1)
    for index in range(count):
        ordinal = int(x0 + round(index * (days - 1) / max(count - 1, 1)))
        day = date.fromordinal(ordinal)
        x = x_at(day) + PLOT_W / span / 2
        # A label near an edge is anchored there, so it is never cut off.
        anchor = "end" if x > WIDTH - RIGHT - 16 else "middle"
        parts.append(
            format_html(
                '<text x="{tx}" y="{y}" text-anchor="{anchor}" fill="#444" font-size="10">'
                "{label}</text>"
                '<line x1="{x}" x2="{x}" y1="{b}" y2="{b2}" stroke="#555" stroke-width="1"/>',
                tx=_num(WIDTH - 2 if anchor == "end" else x),
                anchor=anchor,
                x=_num(x),
                y=_num(top + plot_h + 15),
                label=date_label(day),
                b=_num(top + plot_h),
                b2=_num(top + plot_h + 4),
            )
        )
    has_points = any(s.points for s in series)
    if not has_points:
        parts.append(_empty_note(text, top, plot_h))
    for index, line in enumerate(series):
        style = LINE_STYLES[index % len(LINE_STYLES)]
        legend_x = LEFT + index * 100
        parts.append(
            format_html(
                '<g class="gw-legend"><line x1="{x}" x2="{x2}" y1="{y}" y2="{y}" stroke="{c}" '
                'stroke-width="2" stroke-dasharray="{d}"/>{m}<text x="{tx}" y="{ty}" fill="#222">'
                "{name}</text></g>",
                x=legend_x,
                x2=legend_x + 24,
                y=LEGEND_Y,
                c=style["colour"],
                d=style["dash"] or "none",
                m=_marker(
                    style["marker"], legend_x + 12, LEGEND_Y, style["colour"], line.name, "gw-key"
                ),
                tx=legend_x + 29,
                ty=LEGEND_Y + 4,
                name=line.name,
            )
        )
        points = sorted(line.points, key=lambda p: _x_of(p[0]))
        if not points:
            continue
        coords = [(x_at(moment), y_at(value)) for moment, value in points]
        parts.append(
            format_html(
                '<polyline class="gw-line" fill="none" stroke="{c}" stroke-width="2" '
                'stroke-dasharray="{d}" points="{p}"/>',
                c=style["colour"],
                d=style["dash"] or "none",
                p=" ".join(f"{_num(x)},{_num(y)}" for x, y in coords),
            )
        )
        parts.extend(
            _marker(
                style["marker"],
                x,
                y,
                style["colour"],
                f"{line.name}: {_fmt_value(value)} on {date_label(moment)}",
            )
            for (x, y), (moment, value) in zip(coords, points, strict=True)
        )
    table = _line_table(text, series)
    return _frame(chart_id, text, _join(parts), table, HEIGHT)


def _fmt_value(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _line_table(text: ChartText, series: Sequence[Series]) -> SafeString:
    """One row a day; a series measured twice that day shows both values."""
    by_day: dict[date, dict[str, list[str]]] = {}
    for line in series:
        for moment, value in sorted(line.points, key=lambda p: _x_of(p[0])):
            day = moment.date() if isinstance(moment, datetime) else moment
            by_day.setdefault(day, {}).setdefault(line.name, []).append(_fmt_value(value))
    columns = text.columns or ("Date", *(line.name for line in series))
    rows = [
        (
            f"{day:%a} {date_label(day)}",
            *(", ".join(values.get(line.name, [])) or "–" for line in series),
        )
        for day, values in sorted(by_day.items())
    ]
    return _table(columns, rows, text.empty)
