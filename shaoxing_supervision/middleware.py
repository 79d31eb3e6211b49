"""Chinese first: the UI is 简体中文 unless the user picked another language in the footer menu.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a bureau PC with an
English-language browser would start in English. Here only the user's explicit choice (the
language cookie set by /i18n/setlang/) counts; everyone else gets settings.LANGUAGE_CODE.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
