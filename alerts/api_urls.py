from django.urls import path

from alerts import apis

urlpatterns = [
    path("alerts/", apis.AlertListApi.as_view(), name="api_alert_list"),
    path(
        "alerts/<int:alert_id>/acknowledge/",
        apis.AlertAcknowledgeApi.as_view(),
        name="api_alert_acknowledge",
    ),
]
