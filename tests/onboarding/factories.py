"""Builders for onboarding: the wizard's form data and a walk through it, and onboarding done
through the service."""

from django.urls import reverse

from alerts.models import PatientAlert
from core.audit import RequestMeta
from onboarding.models import ConsentRecord, Screening
from onboarding.screening import QUESTIONS, Group
from onboarding.services import Answer, onboarding_complete
from patients.models import PainReport

# The wizard's pain step as the form posts it.
BASELINE = {"back": "6", "hip": "2", "knee": "0", "most_important": "back"}
# Baseline scores as the service takes them.
BASELINE_SCORES = {"back": 6, "hip": 2, "knee": 4}
META = RequestMeta(ip_address="203.0.113.9", user_agent="pytest")


def first_of(group: Group) -> str:
    return next(q.id for q in QUESTIONS if q.group == group)


def screening_data(*yes: str, detail: str = "since May") -> dict[str, str]:
    data = {}
    for question in QUESTIONS:
        data[f"answer-{question.id}"] = "yes" if question.id in yes else "no"
        data[f"detail-{question.id}"] = detail if question.id in yes else ""
    return data


def walk_through(client, *yes: str, caveat=None, baseline=None):
    """The three steps with valid answers; returns the last response."""
    assert client.post(reverse("onboarding_screening"), screening_data(*yes)).status_code == 302
    caveat_response = client.post(reverse("onboarding_caveat"), caveat or {"acknowledged": "on"})
    assert caveat_response.status_code == 302, caveat_response.content.decode()
    return client.post(reverse("onboarding_baseline"), baseline or BASELINE)


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
        answers={
            q.id: Answer(answer=q.id in yes, detail="since May" if q.id in yes else "")
            for q in QUESTIONS
        },
        acknowledged=True,
        baseline={"back": 5, "hip": 1, "knee": 0},
        most_important="back",
        meta=RequestMeta(),
        **kwargs,
    )


def answers(*yes: str) -> dict[str, Answer]:
    return {
        q.id: Answer(answer=q.id in yes, detail="since May" if q.id in yes else "")
        for q in QUESTIONS
    }


def complete(patient, *yes, **kwargs):
    kwargs.setdefault("acknowledged", True)
    kwargs.setdefault("baseline", BASELINE_SCORES)
    kwargs.setdefault("most_important", "back")
    return onboarding_complete(patient=patient, answers=answers(*yes), meta=META, **kwargs)
