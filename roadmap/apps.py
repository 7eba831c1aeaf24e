from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = "Feuille de route"

    def ready(self):
        from roadmap import signals

        signals.connect()
