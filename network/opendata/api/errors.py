"""Error bodies of the API, in the site's language (French unless English is chosen):
always `{"detail": ...}`, with the invalid parameters under `errors` for a 400."""

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler


def _message(exc) -> str:
    if isinstance(exc, Http404 | exceptions.NotFound):
        return _("Ressource introuvable : vérifiez l'identifiant ou le numéro de page.")
    if isinstance(exc, exceptions.Throttled):
        return _("Trop de requêtes : réessayez dans %(seconds)s s.") % {
            "seconds": int(exc.wait or 1)
        }
    if isinstance(exc, exceptions.ValidationError):
        return _("Paramètres invalides.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Méthode non permise : l'API se lit seulement (GET, HEAD, OPTIONS).")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("Format non disponible : l'API répond en JSON.")
    return str(getattr(exc, "detail", "")) or _("Erreur.")


def french_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    body = {"detail": _message(exc)}
    if response.status_code == status.HTTP_400_BAD_REQUEST and isinstance(response.data, dict):
        body["errors"] = response.data
    elif response.status_code == status.HTTP_400_BAD_REQUEST:
        body["errors"] = {"non_field_errors": response.data}
    response.data = body
    return response
