from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets")

    def ready(self):
        # deferred: they import the models, loaded after the apps
        from projects import cache, communities, counts, graph_summary, signals

        signals.connect()  # first: the points are set before the versions are bumped
        cache.connect()
        counts.connect()
        communities.connect()
        graph_summary.connect()
