"""The follow-through's two charts, drawn with the shared chart vocabulary of core.charts:
adherence week by week, and pain by region."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

from django.utils.safestring import SafeString

from core.charts import Bar, ChartText, Series, bar_chart, date_label, line_chart, percent
from patients.models import PainRegion
from tracking.selectors import WeekAdherence


def adherence_chart(weeks: Sequence[WeekAdherence], *, chart_id: str) -> SafeString:
    """Share of scheduled sessions done, week by week (partly done ones are not counted). Weeks
    before the first scheduled session are left out, keeping at least four."""
    first = next((i for i, week in enumerate(weeks) if week.scheduled), len(weeks))
    weeks = weeks[min(first, max(len(weeks) - 4, 0)) :]
    bars = []
    for week in weeks:
        if week.scheduled == 0:
            words = "no sessions scheduled"
        else:
            words = f"{week.done} of {week.scheduled} sessions done"
            if week.partial:
                words += f", {week.partial} partly done"
            words += f" ({percent(week.adherence or 0)})"
        bars.append(Bar(label=date_label(week.week_start), value=week.adherence, text=words))
    text = ChartText(
        title="Sessions done each week",
        desc=(
            "Bar chart of the share of scheduled sessions fully done in each of the last "
            f"{len(weeks)} weeks, labelled by the Monday each week starts."
        ),
        columns=("Week of", "Sessions done"),
        empty="No weeks to show yet.",
    )
    return bar_chart(chart_id=chart_id, text=text, bars=bars)


def pain_chart(
    pain: dict[str, list[tuple[datetime, int]]],
    *,
    tz: tzinfo,
    start: date,
    end: date,
    chart_id: str,
    regions: list[str],
) -> SafeString:
    """Pain from 0 to 10 in the patient's areas (and any other area with scores, from before the
    areas were changed), at the patient's local time. The dates start a day before the first
    score (but span two weeks at least), so early empty weeks go."""
    days = [moment.astimezone(tz).date() for points in pain.values() for moment, _ in points]
    if days:
        start = max(start, min(min(days) - timedelta(days=1), end - timedelta(days=13)))

    shown = [
        (region, label)
        for region, label in PainRegion.choices
        if region in regions or pain.get(region)
    ]
    series = [
        Series(
            name=label,
            points=[(moment.astimezone(tz), score) for moment, score in pain.get(region, [])],
        )
        for region, label in shown
    ]
    names = ", ".join(str(label).lower() for _, label in shown) or "no area"
    text = ChartText(
        title="Pain by area",
        desc=(
            f"Line chart of pain scores from 0 (no pain) to 10 (worst imaginable) for {names}, "
            f"from {date_label(start)} to {date_label(end)}."
        ),
        empty="No pain scores yet.",
    )
    return line_chart(chart_id=chart_id, text=text, series=series, start=start, end=end)
