from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = _("Alliance")

    def ready(self) -> None:
        # deferred: app registry must be ready (checks registers the deploy checks)
        from alliance import checks, pagecache  # noqa: F401
        from alliance.accounts import record_login_address  # deferred: app registry must be ready
        from alliance.roles import ensure_roles  # deferred: app registry must be ready
        from alliance.text import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="alliance_sqlite_fold")
        pagecache.connect()

        # After every app: the permissions of later apps exist only once they migrated.
        post_migrate.connect(ensure_roles, dispatch_uid="alliance.ensure_roles")
        user_logged_in.connect(record_login_address, dispatch_uid="alliance.record_login_address")
