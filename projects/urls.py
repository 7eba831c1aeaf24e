from django.urls import path

from projects import views

app_name = "projects"
urlpatterns = [
    path("projets/", views.placeholder, name="list"),
    path("projets/carte/", views.placeholder, name="map"),
    path("projets/<slug:slug>/", views.placeholder, name="detail"),
]
