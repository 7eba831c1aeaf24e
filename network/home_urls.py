"""The home page's URL, without a namespace: `{% url 'home' %}` (alliance/urls.py
includes it by name, so the ground floor imports no other app)."""

from django.urls import path

from network import home

urlpatterns = [path("", home.home, name="home")]
