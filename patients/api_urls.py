from django.urls import path

from patients import apis

urlpatterns = [
    path("me/export/", apis.MyDataExportApi.as_view(), name="api_me_export"),
]
