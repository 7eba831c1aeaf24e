from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Réseau")

    def ready(self) -> None:
        # deferred: the index imports the searched models, not loaded when app configs are
        from network.search.index import connect_signals  # deferred: as above

        connect_signals()
