"""The member's account pages kept by actors, without a namespace: `{% url 'profile' %}`
(alliance/urls.py includes them by name, beside allauth's /compte/ pages)."""

from django.urls import path

from actors import views_profile

urlpatterns = [path("compte/profil/", views_profile.profile, name="profile")]
