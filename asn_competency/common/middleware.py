from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

# API clients say which language they want in Accept-Language (the pages do not:
# see below); their answers (messages, labels, errors) follow it.
API_PREFIX = "/api/"


def language_from_accept_header(header: str) -> str | None:
    """The first supported language of an Accept-Language header, or None."""
    for code, _quality in parse_accept_lang_header(header or ""):
        if code == "*":
            return None
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Indonesian unless the person chose another language (language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and
    many phones in Medan are set to English; the city's system speaks
    Indonesian first and offers English as an explicit switch. The API is the
    exception: a client's Accept-Language is a deliberate choice, so requests
    under /api/ follow it (then the cookie, then Indonesian).
    """

    def process_request(self, request):
        language = None
        if request.path_info.startswith(API_PREFIX):
            language = language_from_accept_header(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        if language is None:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
