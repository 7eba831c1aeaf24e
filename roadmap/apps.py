from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Feuille de route")

    def ready(self):
        # deferred: signals imports the models, which load only once the registry is ready
        from roadmap import signals

        signals.connect()
