from django.urls import path

from circles import views

app_name = "circles"
urlpatterns = [
    path("cercles/", views.placeholder, name="list"),
    path("cercles/<slug:slug>/", views.placeholder, name="detail"),
    path("cercles/reunions/<int:pk>/", views.placeholder, name="meeting"),
    path("agenda/", views.placeholder, name="agenda"),
]
