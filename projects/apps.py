from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self):
        from projects import cache  # deferred: it imports the models, loaded after the apps

        cache.connect()
