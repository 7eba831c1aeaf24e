"""Completes the OpenAPI document with what every operation may answer besides its 200:
304 for a conditional request, 400 for invalid parameters, 404, and 429 with its
Retry-After and RateLimit headers; and the optional API key. Hooked through
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]."""

from django.conf import settings

RATE_HEADERS = {
    "RateLimit-Limit": "Requêtes permises dans la fenêtre.",
    "RateLimit-Remaining": "Requêtes encore permises dans la fenêtre.",
    "RateLimit-Reset": "Secondes avant que la fenêtre ne se renouvelle.",
    "RateLimit-Policy": "La règle appliquée : « requêtes;w=secondes ».",
}
CACHE_HEADERS = {
    "ETag": "Empreinte de la réponse, à renvoyer dans If-None-Match.",
    "Last-Modified": "Dernière modification des données de la réponse (If-Modified-Since).",
}


def _headers(descriptions: dict) -> dict:
    return {
        name: {"description": text, "schema": {"type": "string"}}
        for name, text in descriptions.items()
    }


def _error(description: str, headers: dict | None = None) -> dict:
    response = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if headers:
        response["headers"] = _headers(headers)
    return response


ERROR_SCHEMA = {
    "type": "object",
    "description": "Corps de toute erreur, en français (en anglais si la langue est choisie).",
    "properties": {
        "detail": {"type": "string", "description": "Le message d'erreur."},
        "errors": {
            "type": "object",
            "description": "Pour une 400 : les paramètres invalides et leurs messages.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}

THROTTLE_NOTE = (
    "\n\nLimite : %(anon)s par adresse sans clé, %(key)s avec une clé (en-tête X-API-Key, "
    "à demander à l'équipe d'animation). Une réponse 429 indique dans Retry-After combien de "
    "secondes attendre ; chaque réponse porte les en-têtes RateLimit. Un moissonneur poli "
    "(une requête à la fois, page_size=200, updated_since pour les visites suivantes) "
    "parcourt tout sans jamais atteindre la limite."
)


def complete_responses(result, generator, request, public):
    rates = {"anon": settings.API_THROTTLE_RATE, "key": settings.API_KEY_THROTTLE_RATE}
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    components.setdefault("securitySchemes", {})["ApiKey"] = {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "Clé facultative pour une limite plus haute.",
    }
    info = result.setdefault("info", {})
    info["description"] = info.get("description", "") + THROTTLE_NOTE % rates
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            operation["security"] = [{}, {"ApiKey": []}]
            responses = operation.setdefault("responses", {})
            ok = responses.get("200")
            if ok is not None:
                ok["headers"] = _headers({**CACHE_HEADERS, **RATE_HEADERS})
            responses["304"] = {
                "description": "Inchangé depuis l'ETag ou la date donnés (If-None-Match, "
                "If-Modified-Since) : pas de corps.",
                "headers": _headers(CACHE_HEADERS),
            }
            responses["400"] = _error("Paramètres invalides (filtre, tri, date).")
            responses["404"] = _error("Ressource ou page introuvable.")
            responses["429"] = _error(
                "Trop de requêtes : attendre Retry-After secondes.",
                {"Retry-After": "Secondes à attendre avant de réessayer.", **RATE_HEADERS},
            )
    return result
