"""The follow-through's charts: adherence by week and pain in the patient's local time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tests.core.chart_markup import SVG, svg_of, table_rows
from tracking.charts import adherence_chart, pain_chart
from tracking.selectors import WeekAdherence

LONDON = ZoneInfo("Europe/London")


def test_adherence_chart_from_weeks_of_progress():
    weeks = [
        WeekAdherence(date(2026, 11, 2), scheduled=0, done=0, partial=0),
        WeekAdherence(date(2026, 11, 9), scheduled=14, done=7, partial=2),
        WeekAdherence(date(2026, 11, 16), scheduled=4, done=4, partial=0),
    ]

    markup = adherence_chart(weeks, chart_id="a")

    assert len(svg_of(markup).findall(f".//{SVG}rect[@class='gw-bar']")) == 2
    assert table_rows(markup) == [
        ["2 Nov", "no sessions scheduled"],
        ["9 Nov", "7 of 14 sessions done, 2 partly done (50%)"],
        ["16 Nov", "4 of 4 sessions done (100%)"],
    ]


def test_pain_chart_uses_the_patients_local_time():
    late = datetime(2026, 7, 1, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 on 2 July in London

    markup = pain_chart(
        {"back": [(late, 4)]},
        tz=LONDON,
        start=date(2026, 6, 29),
        end=date(2026, 7, 5),
        chart_id="p",
        regions=["back", "hip", "knee"],
    )

    assert table_rows(markup) == [["Thu 2 Jul", "4", "–", "–"]]
    assert "Back: 4 on 2 Jul" in markup


def test_pain_chart_shows_the_patients_areas_and_any_other_area_with_scores():
    day = datetime(2026, 7, 2, 8, tzinfo=ZoneInfo("UTC"))

    markup = pain_chart(
        {"back": [(day, 2)]},
        tz=LONDON,
        start=date(2026, 6, 29),
        end=date(2026, 7, 5),
        chart_id="p",
        regions=["foot_ankle"],
    )

    # Back was scored before the areas changed to the foot and ankle: both are drawn.
    assert table_rows(markup) == [["Thu 2 Jul", "2", "–"]]
    assert "for back, foot or ankle," in markup
