"""Pages of programmes and plans: the practitioner's under practice/, the patient's under me/."""

from django.urls import path

from programs.views import builder, handouts, my_plan, plans, programmes

PLAN = "practice/patients/<int:patient_id>/plans/<int:plan_id>"
PROGRAMME = "practice/programmes/<int:template_id>"

urlpatterns = [
    path("me/", my_plan.patient_home, name="patient_home"),
    path("practice/programmes/", programmes.programme_list, name="programme_list"),
    path("practice/programmes/new/", programmes.programme_new, name="programme_new"),
    path(
        "practice/programmes/exercises/",
        programmes.exercise_search,
        name="programme_exercise_search",
    ),
    path(f"{PROGRAMME}/", builder.programme_builder, name="programme_builder"),
    path(f"{PROGRAMME}/details/", builder.programme_details, name="programme_details"),
    path(f"{PROGRAMME}/duplicate/", programmes.programme_duplicate, name="programme_duplicate"),
    path(f"{PROGRAMME}/archive/", programmes.programme_archive, name="programme_archive"),
    path(f"{PROGRAMME}/items/", builder.programme_item_add, name="programme_item_add"),
    path(
        f"{PROGRAMME}/items/<int:item_id>/", builder.programme_item_save, name="programme_item_save"
    ),
    path(
        f"{PROGRAMME}/items/<int:item_id>/move/",
        builder.programme_item_move,
        name="programme_item_move",
    ),
    path(
        f"{PROGRAMME}/items/<int:item_id>/remove/",
        builder.programme_item_remove,
        name="programme_item_remove",
    ),
    path(
        "practice/patients/<int:patient_id>/plans/assign/",
        plans.plan_assign_page,
        name="plan_assign",
    ),
    path(f"{PLAN}/", plans.plan_detail, name="plan_detail"),
    path(f"{PLAN}/status/", plans.plan_status, name="plan_status"),
    path(f"{PLAN}/push/", plans.plan_push, name="plan_push"),
    path(f"{PLAN}/step-back/", plans.plan_step_back, name="plan_step_back"),
    path(
        f"{PLAN}/resume-exercises/",
        plans.plan_exercises_resume_page,
        name="plan_exercises_resume",
    ),
    path(f"{PLAN}/versions/<int:number>/", plans.plan_version, name="plan_version"),
    path(f"{PLAN}/handout/", handouts.plan_handout, name="plan_handout"),
    path(f"{PLAN}/handout.pdf", handouts.plan_handout, {"pdf": True}, name="plan_handout_pdf"),
    path("me/plans/<int:plan_id>/handout/", handouts.my_plan_handout, name="my_plan_handout"),
    path(
        "me/plans/<int:plan_id>/handout.pdf",
        handouts.my_plan_handout,
        {"pdf": True},
        name="my_plan_handout_pdf",
    ),
]
