from django.urls import path

from alerts import views

urlpatterns = [
    path(
        "practice/alerts/<int:alert_id>/acknowledge/",
        views.alert_acknowledge_page,
        name="practice_alert_acknowledge",
    ),
]
