from django.urls import path

from network import views

# `search` and `open_data` keep their historical names without namespace (base.html).
urlpatterns = [
    path("recherche/", views.search, name="search"),
    path("recherche/suggestions/", views.search_suggest, name="search_suggest"),
    path("donnees/", views.open_data, name="open_data"),
]
