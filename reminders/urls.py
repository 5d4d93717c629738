from django.urls import path

from reminders.views import pages as views

urlpatterns = [
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="reminders_unsubscribe"),
    path(
        "practice/patients/<int:patient_id>/reminders/",
        views.practice_patient_reminders,
        name="practice_patient_reminders",
    ),
]
