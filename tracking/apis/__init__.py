"""The follow-through over the API: the patient's (today, sessions, progress, check-ins, reported
problems) and clinic staff's (the patient list, a patient's sessions)."""

from tracking.apis.patient import MyProgressApi, MySessionsApi, MyTodayApi
from tracking.apis.practice import PatientListApi, PatientSessionsApi
from tracking.apis.reports import MyCheckinsApi, MyEventsApi

__all__ = [
    "MyCheckinsApi",
    "MyEventsApi",
    "MyProgressApi",
    "MySessionsApi",
    "MyTodayApi",
    "PatientListApi",
    "PatientSessionsApi",
]
