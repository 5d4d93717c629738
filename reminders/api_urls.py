from django.urls import path

from reminders import apis

urlpatterns = [
    path("me/reminders/", apis.MyRemindersApi.as_view(), name="api_me_reminders"),
]
