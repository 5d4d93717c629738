"""The SVG charts are pure functions: numbers in, markup out. The markup is parsed as XML to count
bars and points and to check that everything stays inside the plot."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.charts import (
    HEIGHT,
    LEFT,
    LINE_TOP,
    RIGHT,
    TOP,
    WIDTH,
    Bar,
    ChartText,
    Series,
    bar_chart,
    line_chart,
)
from tests.core.chart_markup import SVG, svg_of, table_rows

TEXT = ChartText(title="Sessions done", desc="A test chart.", columns=("Week", "Done"))
LONDON = ZoneInfo("Europe/London")


def test_bar_chart_draws_one_bar_per_value_within_the_plot():
    bars = [Bar("3 Nov", 0.5, "7 of 14"), Bar("10 Nov", 1.0, "14 of 14"), Bar("17 Nov", 0, "0")]

    markup = bar_chart(chart_id="c", text=TEXT, bars=bars)

    svg = svg_of(markup)
    rects = svg.findall(f".//{SVG}rect[@class='gw-bar']")
    assert len(rects) == 3
    bottom = HEIGHT - 34
    heights = [float(r.get("height")) for r in rects]
    assert heights[1] == bottom - TOP  # 100% fills the plot
    assert heights[0] == heights[1] / 2
    assert heights[2] == 0
    for rect in rects:
        y, height, x = float(rect.get("y")), float(rect.get("height")), float(rect.get("x"))
        assert TOP <= y <= bottom
        assert y + height == bottom
        assert LEFT <= x <= WIDTH - RIGHT


def test_bar_chart_is_named_described_and_has_a_data_table():
    markup = bar_chart(chart_id="weeks", text=TEXT, bars=[Bar("3 Nov", 0.25, "1 of 4 (25%)")])

    svg = svg_of(markup)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "weeks-title weeks-desc"
    assert svg.find(f"{SVG}title").text == "Sessions done"
    assert svg.find(f"{SVG}desc").text == "A test chart."
    assert "<details" in markup
    assert "Show the numbers" in markup
    assert table_rows(markup) == [["3 Nov", "1 of 4 (25%)"]]
    assert '<th scope="col">Week</th>' in markup


def test_bar_chart_clamps_values_and_leaves_a_gap_for_no_value():
    markup = bar_chart(
        chart_id="c",
        text=TEXT,
        bars=[Bar("a", 1.7, "too much"), Bar("b", -1, "negative"), Bar("c", None, "none due")],
    )

    rects = svg_of(markup).findall(f".//{SVG}rect[@class='gw-bar']")
    assert len(rects) == 2
    assert float(rects[0].get("y")) == TOP
    assert float(rects[1].get("height")) == 0
    assert ["c", "none due"] in table_rows(markup)


def test_bar_chart_without_data_says_so():
    markup = bar_chart(chart_id="c", text=TEXT, bars=[])

    svg = svg_of(markup)
    assert svg.findall(f".//{SVG}rect[@class='gw-bar']") == []
    assert "No data yet." in markup
    assert table_rows(markup) == [["No data yet."]]


def test_labels_are_escaped():
    markup = bar_chart(
        chart_id="c",
        text=ChartText(title="<script>x</script>", desc="a & b"),
        bars=[Bar("<b>", 0.5, '"quoted"')],
    )

    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    assert "&lt;b&gt;" in markup
    svg_of(markup)  # still well-formed


def test_line_chart_draws_a_line_and_a_point_per_score_on_a_0_to_10_scale():
    series = [
        Series("Back", [(date(2026, 11, 2), 6), (date(2026, 11, 5), 4), (date(2026, 11, 9), 3)]),
        Series("Hip", [(date(2026, 11, 3), 2)]),
        Series("Knee", []),
    ]

    markup = line_chart(
        chart_id="pain",
        text=ChartText(title="Pain", desc="Pain by area."),
        series=series,
        start=date(2026, 11, 2),
        end=date(2026, 11, 9),
    )

    svg = svg_of(markup)
    lines = svg.findall(f".//{SVG}polyline")
    assert len(lines) == 2  # no line for a series without scores
    points = svg.findall(f".//{SVG}*[@class='gw-point']")
    assert len(points) == 4
    plot_top, plot_bottom = LINE_TOP, HEIGHT - 34
    for line in lines:
        for pair in line.get("points").split():
            x, y = map(float, pair.split(","))
            assert LEFT <= x <= WIDTH - RIGHT
            assert plot_top <= y <= plot_bottom
    back = [tuple(map(float, p.split(","))) for p in lines[0].get("points").split()]
    assert [x for x, _ in back] == sorted(x for x, _ in back)
    assert back[0][1] < back[1][1] < back[2][1]  # pain falls: the line goes down the page
    # Each series has its own marker shape and dash, not only a colour; and a legend entry.
    assert {p.tag for p in points} == {f"{SVG}circle", f"{SVG}rect"}
    assert len({line.get("stroke-dasharray") for line in lines}) == 2
    assert [t.text for t in svg.findall(f".//{SVG}g[@class='gw-legend']/{SVG}text")] == [
        "Back",
        "Hip",
        "Knee",
    ]
    ticks = [t.text for t in svg.findall(f"{SVG}text[@x='{LEFT - 5}']")]
    assert ticks == ["0", "2", "4", "6", "8", "10"]


def test_line_chart_data_table_has_a_row_per_day():
    series = [
        Series(
            "Back",
            [
                (datetime(2026, 11, 2, 8, 0, tzinfo=LONDON), 5),
                (datetime(2026, 11, 2, 19, 0, tzinfo=LONDON), 6),
            ],
        ),
        Series("Knee", [(datetime(2026, 11, 3, 8, 0, tzinfo=LONDON), 2)]),
    ]

    markup = line_chart(
        chart_id="pain",
        text=ChartText(title="Pain", desc="d"),
        series=series,
        start=date(2026, 11, 2),
        end=date(2026, 11, 8),
    )

    assert table_rows(markup) == [["Mon 2 Nov", "5, 6", "–"], ["Tue 3 Nov", "–", "2"]]


def test_line_chart_without_scores_says_so_and_keeps_its_axes():
    markup = line_chart(
        chart_id="pain",
        text=ChartText(title="Pain", desc="d", empty="No pain scores yet."),
        series=[Series("Back", []), Series("Hip", [])],
        start=date(2026, 11, 2),
        end=date(2026, 11, 2),
    )

    svg = svg_of(markup)
    assert svg.findall(f".//{SVG}polyline") == []
    assert "No pain scores yet." in markup
    assert "2 Nov" in markup
