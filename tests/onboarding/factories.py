"""Builders for onboarding: the wizard's form data and a walk through it, and onboarding done
through the service."""

from django.urls import reverse

from alerts.models import PatientAlert
from core.audit import RequestMeta
from onboarding.models import ConsentRecord, Screening
from onboarding.screening import Group, questions_for
from onboarding.services import Answer, onboarding_complete
from patients.models import PainReport

# The wizard's pain step as the form posts it.
BASELINE = {"back": "6", "hip": "2", "knee": "0", "most_important": "back"}
# Baseline scores as the service takes them.
BASELINE_SCORES = {"back": 6, "hip": 2, "knee": 4}
META = RequestMeta(ip_address="203.0.113.9", user_agent="pytest")
# The regions these tests' patients are treated for (the fixtures set them).
REGIONS = ["back", "hip", "knee"]


def asked(*, minor: bool = False):  # type: ignore[no-untyped-def]
    """The questions asked of a patient treated for REGIONS."""
    return questions_for(REGIONS, is_minor=minor)


def first_of(group: Group) -> str:
    return next(q.id for q in asked() if q.group == group)


def screening_data(*yes: str, detail: str = "since May", minor: bool = False) -> dict[str, str]:
    data = {}
    for question in asked(minor=minor):
        data[f"answer-{question.id}"] = "yes" if question.id in yes else "no"
        data[f"detail-{question.id}"] = detail if question.id in yes else ""
    return data


def walk_through(client, *yes: str, caveat=None, baseline=None, minor=False):
    """The three steps with valid answers; returns the last response (the screening's when its
    answers stop the patient there)."""
    screening = client.post(reverse("onboarding_screening"), screening_data(*yes, minor=minor))
    assert screening.status_code == 302
    if screening["Location"] == reverse("onboarding_outcome"):
        return screening
    caveat_response = client.post(reverse("onboarding_caveat"), caveat or {"acknowledged": "on"})
    assert caveat_response.status_code == 302, caveat_response.content.decode()
    return client.post(reverse("onboarding_baseline"), baseline or BASELINE)


def nothing_after_screening() -> bool:
    """The screening is saved when it is sent; nothing of the later steps is."""
    return not (ConsentRecord.objects.exists() or PainReport.objects.exists())


def nothing_saved() -> bool:
    return not (
        Screening.objects.exists()
        or ConsentRecord.objects.exists()
        or PainReport.objects.exists()
        or PatientAlert.objects.exists()
    )


def onboard(patient, *yes, **kwargs):
    return onboarding_complete(
        patient=patient,
        regions=REGIONS,
        answers={
            q.id: Answer(answer=q.id in yes, detail="since May" if q.id in yes else "")
            for q in asked(minor=patient.is_minor)
        },
        acknowledged=True,
        baseline={"back": 5, "hip": 1, "knee": 0},
        most_important="back",
        meta=RequestMeta(),
        **kwargs,
    )


def answers(*yes: str, minor: bool = False) -> dict[str, Answer]:
    return {
        q.id: Answer(answer=q.id in yes, detail="since May" if q.id in yes else "")
        for q in asked(minor=minor)
    }


def complete(patient, *yes, **kwargs):
    kwargs.setdefault("acknowledged", True)
    kwargs.setdefault("baseline", BASELINE_SCORES)
    kwargs.setdefault("most_important", "back")
    kwargs.setdefault("regions", REGIONS)
    return onboarding_complete(
        patient=patient, answers=answers(*yes, minor=patient.is_minor), meta=META, **kwargs
    )
