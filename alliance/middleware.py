from django.conf import settings
from django.contrib.auth import get_user_model
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


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


def accepts_gzip(request) -> bool:
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


class SafeGZipMiddleware(GZipMiddleware):
    """Gzip only the answers BREACH cannot read a secret from.

    BREACH guesses a secret of the body from the compressed size of pages that also echo
    the attacker's text. So: a body in which no CSRF token was rendered (data, outlines,
    fragments) is compressed for anyone; a page with a token only for an anonymous visitor,
    whose one secret is that token, which Django masks afresh in every answer. A member's
    page (their name, their private projects, a token) goes as it is. Downloads (streamed
    or attachments) and static files (WhiteNoise answers them earlier, pre-compressed) are
    left alone. Placed after CsrfViewMiddleware, whose answer resets the flag read here.
    """

    def process_response(self, request, response):
        if response.streaming or response.has_header("Content-Disposition"):
            return response
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # get_token() ran: a token is in it
            user = getattr(request, "user", None)
            if user is None or user.is_authenticated:
                return response
        # Whatever its size or method, an answer that may come compressed says so: a HEAD
        # (an empty body, never compressed) carries the headers of its GET.
        patch_vary_headers(response, ("Accept-Encoding",))
        if request.method == "HEAD":
            return response
        return super().process_response(request, response)
