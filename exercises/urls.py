from django.urls import path

from exercises.views import catalogue as views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:slug>/", views.exercise_detail, name="catalogue_exercise"),
    path("<slug:slug>/copy/", views.exercise_copy, name="catalogue_exercise_copy"),
]
