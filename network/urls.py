from django.urls import include, path

from network import feeds, views, views_opendata
from network.api.urls import urlpatterns as api_patterns
from network.api.views import SchemaView

network_patterns = [
    path("api/v1/", include(api_patterns)),
    path("api/schema/", SchemaView.as_view(), name="api_schema"),
    path("api/docs/", views.api_docs, name="api_docs"),
    path("abonnements/", views.subscriptions, name="subscriptions"),
    path("abonnements/suivre/<str:kind>/<int:pk>/", views.follow, name="follow"),
    path("abonnements/ne-plus-suivre/<str:kind>/<int:pk>/", views.unfollow, name="unfollow"),
    path("abonnements/desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("notifications/", views.notifications, name="notifications"),
    path("donnees/idees.xlsx", views_opendata.ideas_xlsx, name="ideas_xlsx"),
    path("donnees/datapackage.json", views_opendata.datapackage, name="datapackage"),
    path("donnees/communes.geojson", views_opendata.communes_geojson, name="communes_geojson"),
    path("donnees/collectivites.csv", views_opendata.collectivites_csv, name="collectivites_csv"),
    path("donnees/reunions.geojson", views_opendata.meetings_geojson, name="meetings_geojson"),
    path("flux/<slug:kind>.rss", feeds.rss, name="feed_rss"),
    path("flux/<slug:kind>.atom", feeds.atom, name="feed_atom"),
]

# `search` and `open_data` keep their historical names without namespace (base.html).
urlpatterns = [
    path("recherche/", views.search, name="search"),
    path("recherche/suggestions/", views.search_suggest, name="search_suggest"),
    path("donnees/", views_opendata.open_data, name="open_data"),
    path("", include((network_patterns, "network"))),
]
