from django.urls import path

from roadmap import views

app_name = "roadmap"
urlpatterns = [
    path("feuille-de-route/", views.placeholder, name="index"),
]
