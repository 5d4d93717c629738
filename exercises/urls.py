from django.urls import path

from exercises import views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:slug>/", views.exercise_detail, name="catalogue_exercise"),
    path("<slug:slug>/copy/", views.exercise_copy, name="catalogue_exercise_copy"),
]
