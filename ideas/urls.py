from django.urls import path

from ideas import views

app_name = "ideas"
urlpatterns = [
    path("idees/", views.placeholder, name="list"),
    path("idees/espaces/<slug:slug>/", views.placeholder, name="space"),
    path("idees/<int:pk>/", views.placeholder, name="detail"),
]
