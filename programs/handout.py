"""A plan as the patient reads it: on their home page, on a printed sheet, and as a PDF.

The PDF is drawn by WeasyPrint from the same HTML as the printable page. Its pictures and stylesheet
are read from the static files (finders, else the collected storage), never over the network, so
rendering needs no web server and cannot be made to fetch a URL.
"""

import mimetypes
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

from exercises.dosage import Dosage
from exercises.models import Exercise, Step
from programs.models import Plan, PlanItem, PrescribedItem, ProgressionField, Side
from programs.routine import daily_seconds, dosage_for_steps, session_seconds, week_number
from programs.selectors import progression_state

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

_SIDE_SUFFIX: dict[str, str] = {Side.LEFT: " (left side only)", Side.RIGHT: " (right side only)"}


def dosage_in_words(dosage: Dosage, side: str, rep_unit: str = "") -> str:
    words = dosage.in_words(each_side=side == Side.EACH_SIDE, rep_unit=rep_unit)
    return words + _SIDE_SUFFIX.get(side, "")


def progression_in_words(item: PrescribedItem) -> str:
    """E.g. "+2 repetitions after each week that goes well, up to 20"; "" when the dose does not
    progress."""
    if not item.progression_field or not item.progression_step:
        return ""
    label = ProgressionField(item.progression_field).label.lower()
    return (
        f"+{item.progression_step} {label} after each week that goes well, "
        f"up to {item.progression_cap}"
    )


@dataclass(frozen=True)
class SheetItem:
    """One exercise of a plan with everything a reader needs, for the week of `today`."""

    item: PlanItem
    exercise: Exercise
    steps: list[Step]
    prescribed: str
    this_week: str
    progression: str
    seconds: int
    paused: bool = False  # left out of sessions for now (e.g. balance work after a fall)

    @property
    def changed_this_week(self) -> bool:
        return self.this_week != self.prescribed


@dataclass(frozen=True)
class PlanSheet:
    plan: Plan
    today: date
    week: int  # of the calendar, 0 in the plan's first week
    items: list[SheetItem]
    daily_seconds: int
    progression: dict[str, object]  # {"step", "applied", "reason"}: why the dose is what it is

    @property
    def started(self) -> bool:
        return self.plan.starts_on <= self.today


def plan_sheet(plan: Plan, *, today: date, items: list[PlanItem] | None = None) -> PlanSheet:
    """The plan's current version (or the given items) with this week's dosage.

    Expects the items' exercises and their steps prefetched (the selectors do it).
    """
    if items is None:
        items = list(plan.current_version.items.all()) if plan.current_version else []
    steps = plan.progression_steps
    paused = set(plan.paused_exercises or [])
    rows = []
    for item in items:
        this_week = dosage_for_steps(item, steps)
        unit = item.exercise.rep_unit
        rows.append(
            SheetItem(
                item=item,
                exercise=item.exercise,
                steps=list(item.exercise.steps.all()),
                prescribed=dosage_in_words(item.dosage, item.side, unit),
                this_week=dosage_in_words(this_week, item.side, unit),
                progression=progression_in_words(item),
                seconds=session_seconds(this_week, item.side) * (this_week.sessions_per_day or 1),
                paused=item.exercise_id in paused,
            )
        )
    return PlanSheet(
        plan=plan,
        today=today,
        week=week_number(plan.starts_on, today),
        items=rows,
        daily_seconds=daily_seconds([row.item for row in rows if not row.paused], steps=steps),
        progression=progression_state(plan),
    )


# --- PDF ----------------------------------------------------------------------------------------


def _static_bytes(path: str) -> bytes | None:
    found = finders.find(path)
    if found:
        with open(found, "rb") as file:
            return file.read()
    # Production serves collected (hashed) files that the finders do not know.
    if staticfiles_storage.exists(path):
        with staticfiles_storage.open(path) as file:
            return file.read()
    return None


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves static files from disk and data: URLs; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> "URLFetcherResponse":
            if url.startswith("data:"):
                return super().fetch(url, headers)
            prefix = handout_static_prefix()
            if url.startswith(prefix):
                path = unquote(urlsplit(url).path[len(urlsplit(prefix).path) :])
                body = _static_bytes(path) if ".." not in path.split("/") else None
                if body is not None:
                    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, {"Content-Type": mime})
                raise ValueError(f"No static file {path!r}.")
            raise ValueError(f"The handout only uses static files; refused {url!r}.")

    return StaticFilesFetcher


def handout_base_url() -> str:
    return settings.GROUNDWORK_BASE_URL + "/"


def handout_static_prefix() -> str:
    return urljoin(handout_base_url(), settings.STATIC_URL)


def static_files_fetcher() -> Any:
    return _fetcher_class()()


def handout_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which only the PDF needs.
    from weasyprint import HTML

    document = HTML(string=html, base_url=handout_base_url(), url_fetcher=static_files_fetcher())
    return document.write_pdf()
