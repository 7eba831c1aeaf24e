from django.conf import settings
from django.contrib.auth import get_user_model
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class FrenchFirstLocaleMiddleware(LocaleMiddleware):
    """The site speaks French unless the visitor chose another language with the switch.

    Django's own middleware would follow the browser's Accept-Language; the alliance's
    platform is French first, and English is offered, not imposed.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        """The switch (a POST to `set_language`, which sets the cookie) is remembered on
        a member's account, so the mail they receive speaks the language they chose."""
        response = super().process_response(request, response)
        chosen = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        user = getattr(request, "user", None)
        if (
            request.method == "POST"
            and chosen is not None
            and chosen.value in dict(settings.LANGUAGES)
            and user is not None
            and user.is_authenticated
            and user.language != chosen.value
        ):
            get_user_model().objects.filter(pk=user.pk).update(language=chosen.value)
        return response
