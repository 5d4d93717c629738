"""The practitioner's side of the follow-through: the dashboard of the clinic's patients and
open alerts, acknowledging an alert and commenting on a logged session. The patient panel on the
patient page is drawn by the `practitioner_panel` template tag (patients.templatetags.follow)."""

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from clinics.models import Membership, Role
from clinics.permissions import clinic_role_required
from core.errors import DomainError
from patients.adherence import (
    open_alert_list,
    patient_overview_list,
    scheduled_this_week,
    share,
)
from patients.follow_forms import comment_form_for
from patients.models import Patient, SessionLog
from patients.selectors import alert_get, patient_get
from patients.sessions import alert_acknowledge, session_comment
from programs.handout import clinic_today
from programs.views.access import is_htmx, raise_access_errors

staff_pages = clinic_role_required(Role.PRACTITIONER, Role.CLINIC_ADMIN)
practitioner_pages = clinic_role_required(Role.PRACTITIONER)

# Sort key -> (label, the direction it starts in).
SORTS: dict[str, tuple[str, str]] = {
    "name": ("Patient", "asc"),
    "adherence": ("This week", "desc"),
    "activity": ("Last activity", "desc"),
    "pain": ("Latest pain", "desc"),
    "alerts": ("Open alerts", "desc"),
}
DB_ORDER = {"activity": "last_activity", "pain": "latest_pain", "alerts": "open_alerts"}
NAME_ORDER = ("last_name", "first_name", "id")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _membership(request: HttpRequest) -> Membership:
    return cast(Membership, request.membership)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class DashboardRow:
    patient: Patient
    scheduled: int

    @property
    def done(self) -> int:
        return int(self.patient.done_this_week)  # type: ignore[attr-defined]

    @property
    def adherence(self) -> float | None:
        return share(self.done, self.scheduled)


@dataclass(frozen=True)
class DashboardQuery:
    """The list's sort, direction and filters, read from the query string."""

    sort: str = "name"
    direction: str = "asc"
    search: str = ""
    only_alerts: bool = False
    only_mine: bool = False

    @classmethod
    def from_request(cls, request: HttpRequest) -> "DashboardQuery":
        sort = request.GET.get("sort", "name")
        if sort not in SORTS:
            sort = "name"
        direction = request.GET.get("dir", SORTS[sort][1])
        return cls(
            sort=sort,
            direction=direction if direction in ("asc", "desc") else SORTS[sort][1],
            search=request.GET.get("q", "").strip()[:80],
            only_alerts=request.GET.get("alerts") == "1",
            only_mine=request.GET.get("mine") == "1",
        )

    def filters(self) -> dict[str, str]:
        params = {"q": self.search} if self.search else {}
        if self.only_alerts:
            params["alerts"] = "1"
        if self.only_mine:
            params["mine"] = "1"
        return params

    def sort_url(self, key: str) -> str:
        """Sorting by a column again turns its direction round."""
        direction = SORTS[key][1]
        if key == self.sort:
            direction = "asc" if self.direction == "desc" else "desc"
        return "?" + urlencode({**self.filters(), "sort": key, "dir": direction})

    def apply(self, patients: QuerySet[Patient], user: User) -> QuerySet[Patient]:
        for term in self.search.split()[:5]:
            patients = patients.filter(
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(email__icontains=term)
            )
        if self.only_alerts:
            patients = patients.filter(open_alerts__gt=0)  # type: ignore[misc]
        if self.only_mine:
            # A subquery, so the join does not multiply the annotated counts.
            patients = patients.filter(
                pk__in=Patient.objects.filter(practitioners=user).values("pk")
            )
        if self.sort in DB_ORDER:
            field = F(DB_ORDER[self.sort])
            ordered = (
                field.desc(nulls_last=True)
                if self.direction == "desc"
                else field.asc(nulls_last=True)
            )
            return patients.order_by(ordered, *NAME_ORDER)
        names = NAME_ORDER if self.direction == "asc" else tuple(f"-{n}" for n in NAME_ORDER)
        return patients.order_by(*names)


def _sorted_rows(rows: list[DashboardRow], query: DashboardQuery) -> list[DashboardRow]:
    if query.sort != "adherence":
        return rows
    # Adherence comes from the schedule's arithmetic, so it sorts here; no schedule goes last.
    known = [row for row in rows if row.adherence is not None]
    unknown = [row for row in rows if row.adherence is None]
    known.sort(key=lambda row: row.adherence or 0, reverse=query.direction == "desc")
    return known + unknown


@require_GET
@staff_pages
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    today = clinic_today(membership.clinic)
    query = DashboardQuery.from_request(request)
    patients = query.apply(
        patient_overview_list(user=_user(request), clinic_id=membership.clinic_id, today=today),
        _user(request),
    )
    rows = _sorted_rows(
        [DashboardRow(patient=p, scheduled=scheduled_this_week(p, today)) for p in patients],
        query,
    )
    columns = [
        {
            "key": key,
            "label": label,
            "url": query.sort_url(key),
            "sorted": query.sort == key,
            "aria_sort": (
                ("ascending" if query.direction == "asc" else "descending")
                if query.sort == key
                else None
            ),
        }
        for key, (label, _) in SORTS.items()
    ]
    context = {
        "rows": rows,
        "columns": columns,
        "query": query,
        "alerts": list(open_alert_list(user=_user(request), clinic_id=membership.clinic_id)),
        "can_write": membership.role == Role.PRACTITIONER,
        "today": today,
        "filtered": bool(query.filters()),
    }
    return render(request, "patients/follow/dashboard.html", context)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@practitioner_pages
def alert_acknowledge_page(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = alert_get(user=_user(request), alert_id=alert_id)
    try:
        alert = alert_acknowledge(alert=alert, acting_user=_user(request))
    except DomainError as error:
        raise_access_errors(error)
        messages.error(request, error.message)
        return redirect(_safe_next(request, reverse("practice_dashboard")))
    if is_htmx(request):
        context: dict[str, Any] = {"alert": alert, "can_write": True, "just_acknowledged": True}
        return render(request, "patients/follow/_alert_item.html", context)
    messages.success(request, f"Alert about {alert.patient.full_name} acknowledged.")
    return redirect(_safe_next(request, reverse("practice_dashboard")))


@require_POST
@practitioner_pages
def session_comment_page(request: HttpRequest, patient_id: int, log_id: int) -> HttpResponse:
    patient = patient_get(user=_user(request), patient_id=patient_id)
    log = (
        SessionLog.objects.select_related("patient", "commented_by")
        .filter(patient=patient, pk=log_id)
        .first()
    )
    if log is None:
        raise Http404("No such session.")
    form = comment_form_for(log, request.POST)
    saved = False
    if form.is_valid():
        try:
            log = session_comment(
                log=log, comment=form.cleaned_data["comment"], acting_user=_user(request)
            )
        except DomainError as error:
            raise_access_errors(error)
            form.show_service_errors(error)
        else:
            saved = True
            form = comment_form_for(log)
    page = reverse("practice_patient", kwargs={"patient_id": patient.pk}) + f"#log-{log.pk}"
    if is_htmx(request):
        context = {"log": log, "form": form, "can_write": True, "saved": saved}
        return render(
            request, "patients/follow/_log_comment.html", context, status=200 if saved else 422
        )
    if saved:
        messages.success(request, "Comment saved. The patient sees it on their progress page.")
    else:
        errors = " ".join(str(m) for messages_ in form.errors.values() for m in messages_)
        messages.error(request, f"The comment was not saved: {errors}")
    return redirect(page)
