"""Validation of what the register receives: SIREN/SIRET numbers and logos."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as NumberError
from stdnum.fr import siren, siret

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


def validate_siren(value: str) -> None:
    if not value:
        return
    try:
        siren.validate(value)
    except NumberError:
        raise ValidationError(
            _("« %(value)s » n'est pas un numéro SIREN valide (9 chiffres, clé de contrôle)."),
            code="invalid_siren",
            params={"value": value},
        ) from None


def validate_siret(value: str) -> None:
    if not value:
        return
    try:
        siret.validate(value)
    except NumberError:
        raise ValidationError(
            _("« %(value)s » n'est pas un numéro SIRET valide (14 chiffres, clé de contrôle)."),
            code="invalid_siret",
            params={"value": value},
        ) from None


def validate_siret_of_siren(siren_value: str | None, siret_value: str | None) -> None:
    """A SIRET names one establishment of a company: its first nine digits are the SIREN."""
    if not siren_value or not siret_value or siret_value.startswith(siren_value):
        return
    raise ValidationError(
        {
            "siret": ValidationError(
                _(
                    "Le SIRET « %(siret)s » doit commencer par le SIREN de l'organisation "
                    "(%(siren)s)."
                ),
                code="siret_not_of_siren",
                params={"siret": siret_value, "siren": siren_value},
            )
        }
    )


def validate_logo(file) -> None:
    """PNG, JPEG or WebP only (no SVG: it can carry script), at most 2 MB."""
    if not file:
        return
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("Le logo dépasse la taille maximale de 2 Mo."), code="logo_too_large"
        )
    from PIL import Image  # deferred: heavy, loaded with the models but needed only for an upload

    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except Exception:
        raise ValidationError(
            _("Le logo doit être une image PNG, JPEG ou WebP."), code="logo_not_image"
        ) from None
    finally:
        file.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(
            _("Le logo doit être une image PNG, JPEG ou WebP."), code="logo_format"
        )
