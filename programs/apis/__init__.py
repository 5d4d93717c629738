"""Programmes and plans over the API (programmes, plans, the patient's own plan)."""

from programs.apis.my_plan import MyPlanApi
from programs.apis.plans import PatientPlanActionApi, PatientPlanDetailApi, PatientPlanListApi
from programs.apis.programmes import ProgramDetailApi, ProgramDuplicateApi, ProgramListApi

__all__ = [
    "MyPlanApi",
    "PatientPlanActionApi",
    "PatientPlanDetailApi",
    "PatientPlanListApi",
    "ProgramDetailApi",
    "ProgramDuplicateApi",
    "ProgramListApi",
]
