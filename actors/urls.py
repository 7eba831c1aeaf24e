from django.urls import path

from actors import exports, views, views_requests

app_name = "actors"
urlpatterns = [
    path("acteurs/", views.organisation_list, name="list"),
    path("acteurs/organisations.json", views.organisations_json, name="organisations_json"),
    path("acteurs/carte/", views.organisation_map, name="map"),
    path("acteurs/carte/donnees.geojson", views.map_data, name="map_data"),
    path("acteurs.csv", exports.export_csv, name="export_csv"),
    path("acteurs.geojson", exports.export_geojson, name="export_geojson"),
    path("acteurs/<slug:slug>/", views.organisation_detail, name="detail"),
    path("acteurs/<slug:slug>/modifier/", views.organisation_edit, name="edit"),
    path("compte/coordonnees/", views.contact, name="contact"),
    path("compte/mes-donnees/", views.my_data, name="my_data"),
    path("compte/mes-donnees.json", views.my_data_json, name="my_data_json"),
    path("compte/effacement/", views.erase, name="erase"),
    path(
        "animation/rattachements/",
        views_requests.request_list,
        name="representation_requests",
    ),
    path(
        "animation/rattachements/<int:pk>/<str:action>/",
        views_requests.request_decide,
        name="representation_request_decide",
    ),
]
