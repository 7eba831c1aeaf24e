from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from alliance.text import fold


def _register_sqlite_fold(sender, connection, **kwargs) -> None:
    """SQLite has no unaccent: search calls our Python fold() as a SQL function instead."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "alliance_fold", 1, lambda value: fold(value) if value else "", deterministic=True
        )


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Réseau")

    def ready(self) -> None:
        connection_created.connect(_register_sqlite_fold, dispatch_uid="network_sqlite_fold")
        # deferred: the index imports the searched models, not loaded when app configs are
        from network.search.index import connect_signals

        connect_signals()
