from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = "Feuille de route"

    def ready(self):
        # deferred: signals imports the models, which load only once the registry is ready
        from roadmap import signals

        signals.connect()
