from django.urls import path

from actors import views

app_name = "actors"
urlpatterns = [
    path("acteurs/", views.placeholder, name="list"),
    path("acteurs/<slug:slug>/", views.placeholder, name="detail"),
]
