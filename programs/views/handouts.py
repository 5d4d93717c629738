"""The printable handout of a plan, as a page and as a PDF: the practitioner's for any plan of
their clinic, the patient's for their own current plans only."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clinics.permissions import ClinicRequest, staff_pages
from core.clock import today_for
from onboarding.gate import patient_status, plan_unlocked, status_message
from onboarding.permissions import plan_unlocked_required
from patients.selectors import own_patient
from programs.handout import handout_pdf, plan_sheet
from programs.models import Plan
from programs.selectors import my_current_plans, plan_get
from programs.views.plans import with_steps


def _handout(request: HttpRequest, plan: Plan, *, pdf: bool, urls: dict[str, str]) -> HttpResponse:
    clinic = plan.clinic
    items = list(plan.current_version.items.all()) if plan.current_version else []
    today = today_for(plan.patient)
    context = {
        "plan": plan,
        "patient": plan.patient,
        "clinic": clinic,
        "practitioner": plan.assigned_by,
        "sheet": plan_sheet(plan, today=today, items=with_steps(items)),
        "today": today,
        "for_pdf": pdf,
        **urls,
    }
    html = render_to_string("programs/handout.html", context, request=request)
    if not pdf:
        return HttpResponse(html)
    filename = f"{slugify(plan.name) or 'plan'}-{today.isoformat()}.pdf"
    return HttpResponse(
        handout_pdf(html),
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


@never_cache
@require_GET
@staff_pages
def plan_handout(
    request: ClinicRequest, patient_id: int, plan_id: int, pdf: bool = False
) -> HttpResponse:
    plan = plan_get(user=request.user, patient_id=patient_id, plan_id=plan_id)
    kwargs = {"patient_id": patient_id, "plan_id": plan_id}
    if not plan_unlocked(plan.patient):
        # No handout, printed or PDF, leaves the clinic while the plan is locked.
        context = {
            "plan": plan,
            "patient": plan.patient,
            "status": patient_status(plan.patient),
            "message": status_message(plan.patient),
            "back_url": reverse("plan_detail", kwargs=kwargs),
        }
        return render(request, "programs/handout_refused.html", context, status=409)
    urls = {
        "back_url": reverse("plan_detail", kwargs=kwargs),
        "pdf_url": reverse("plan_handout_pdf", kwargs=kwargs),
    }
    return _handout(request, plan, pdf=pdf or request.GET.get("format") == "pdf", urls=urls)


@never_cache
@require_GET
@plan_unlocked_required
@login_required
def my_plan_handout(request: HttpRequest, plan_id: int, pdf: bool = False) -> HttpResponse:
    """The patient's own plan, and nobody else's: another plan is a 404 whoever owns it."""
    patient = own_patient(request)
    if patient is None:
        raise Http404("No such plan.")
    plans = my_current_plans(user=patient.user, today=today_for(patient))  # type: ignore[arg-type]
    plan = plans.filter(pk=plan_id).first()
    if plan is None:
        raise Http404("No such plan.")
    urls = {
        "back_url": reverse("patient_home"),
        "pdf_url": reverse("my_plan_handout_pdf", kwargs={"plan_id": plan_id}),
    }
    return _handout(request, plan, pdf=pdf or request.GET.get("format") == "pdf", urls=urls)
