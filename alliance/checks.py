"""System checks of a public deployment (`manage.py check --deploy`).

Django's own checks do not know that an https SITE_URL means the site is public; these do.
settings.py imports this module (for unsafe_secret_key), which registers the checks.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Keys anyone can read: this repository's examples, placeholders, the development key.
PUBLIC_SECRET_KEYS = {"change-me", "change-me-in-production", "build", "secret", "changeme"}
PUBLIC_PREFIXES = ("dev-only-", "django-insecure-", "change-me")


def unsafe_secret_key(key: str) -> str:
    """Why a key must not sign anything in production, or "" if it may."""
    if not key:
        return "is not set"
    if key in PUBLIC_SECRET_KEYS or key.startswith(PUBLIC_PREFIXES):
        return "is a public development or placeholder key"
    if len(key) < 50 or len(set(key)) < 5:
        return "is too short (at least 50 characters, 5 different ones)"
    return ""


@register(Tags.security, deploy=True)
def check_public_site(app_configs, **kwargs) -> list[Error]:
    errors = []
    if not settings.SECURE:
        return errors
    if settings.DEBUG:
        errors.append(
            Error(
                f"DEBUG is on while SITE_URL ({settings.SITE_URL}) is a public https address: "
                "debug pages show settings and code to every visitor.",
                hint="Unset DEBUG (or set DEBUG=0) in production.",
                id="alliance.E001",
            )
        )
    if unsafe_secret_key(settings.SECRET_KEY):
        errors.append(
            Error(
                f"SECRET_KEY {unsafe_secret_key(settings.SECRET_KEY)}, while SITE_URL "
                f"({settings.SITE_URL}) is public: sessions and links would be forgeable.",
                hint="Set SECRET_KEY to a long random string.",
                id="alliance.E002",
            )
        )
    return errors
