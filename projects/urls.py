from django.urls import path

from projects import exports, views, views_graph, views_needs

app_name = "projects"
urlpatterns = [
    path("projets/", views.project_list, name="list"),
    path("projets/carte/", views.project_map, name="map"),
    path("projets/carte/donnees.geojson", views.map_data, name="map_data"),
    path("projets/carte/contour.geojson", views.outline, name="outline"),
    path("projets/carte/popup/<int:pk>/", views.popup, name="popup"),
    path("projets/proposer/", views.project_create, name="create"),
    path("projets/moderation/", views.moderation, name="moderation"),
    path("projets/interdependances/", views_graph.graph, name="graph"),
    path("projets/interdependances/donnees.json", views_graph.graph_data, name="graph_data"),
    path("projets/interdependances.kumu.json", exports.export_kumu, name="export_kumu"),
    path("projets/interdependances.graphml", exports.export_graphml, name="export_graphml"),
    path("projets/interdependances.gexf", exports.export_gexf, name="export_gexf"),
    path("projets.geojson", exports.export_geojson, name="export_geojson"),
    path("projets.csv", exports.export_csv, name="export_csv"),
    path("besoins/", views_needs.needs, name="needs"),
    path("besoins/proposer/", views_needs.org_need_add, name="org_need_add"),
    path("besoins/offres/proposer/", views_needs.offer_add, name="offer_add"),
    path("besoins/offres/<int:pk>/supprimer/", views_needs.offer_delete, name="offer_delete"),
    path("besoins/<int:pk>/aider/", views_needs.help_need, name="help"),
    path("projets/<slug:slug>/", views.project_detail, name="detail"),
    path("projets/<slug:slug>/modifier/", views.project_edit, name="edit"),
    path("projets/<slug:slug>/moderer/", views.moderate_project, name="moderate"),
    path("projets/<slug:slug>/liens/ajouter/", views.link_add, name="link_add"),
    path("projets/<slug:slug>/liens/<int:pk>/retirer/", views.link_delete, name="link_delete"),
    path("projets/<slug:slug>/besoins/ajouter/", views.need_add, name="need_add"),
    path("projets/<slug:slug>/besoins/<int:pk>/", views.need_update, name="need_update"),
]
