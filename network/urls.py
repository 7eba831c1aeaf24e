from django.urls import include, path

from network import welcome
from network.following import views as following
from network.opendata import feeds
from network.opendata import views as opendata
from network.opendata.api.urls import urlpatterns as api_patterns
from network.opendata.api.views import SchemaView
from network.search import views as search

network_patterns = [
    path("api/v1/", include(api_patterns)),
    path("api/schema/", SchemaView.as_view(), name="api_schema"),
    path("api/docs/", opendata.api_docs, name="api_docs"),
    path("abonnements/", following.subscriptions, name="subscriptions"),
    path("abonnements/suivre/<str:kind>/<int:pk>/", following.follow, name="follow"),
    path("abonnements/ne-plus-suivre/<str:kind>/<int:pk>/", following.unfollow, name="unfollow"),
    path("abonnements/desinscription/<str:token>/", following.unsubscribe, name="unsubscribe"),
    path("notifications/", following.notifications, name="notifications"),
    path("donnees/idees.xlsx", opendata.ideas_xlsx, name="ideas_xlsx"),
    path("donnees/datapackage.json", opendata.datapackage, name="datapackage"),
    path("donnees/communes.geojson", opendata.communes_geojson, name="communes_geojson"),
    path("donnees/collectivites.csv", opendata.collectivites_csv, name="collectivites_csv"),
    path("donnees/reunions.geojson", opendata.meetings_geojson, name="meetings_geojson"),
    path("flux/<slug:kind>.rss", feeds.rss, name="feed_rss"),
    path("flux/<slug:kind>.atom", feeds.atom, name="feed_atom"),
]

# `search` and `open_data` keep their historical names without namespace (base.html).
urlpatterns = [
    path("recherche/", search.search, name="search"),
    path("recherche/suggestions/", search.search_suggest, name="search_suggest"),
    path("donnees/", opendata.open_data, name="open_data"),
    path("bienvenue/", welcome.welcome, name="welcome"),
    path("", include((network_patterns, "network"))),
]
