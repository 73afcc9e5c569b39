"""Request id (one per request, on the response, in the logs and on audit events) and UI language."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str | None:
    return _request_id.get()


class RequestIdMiddleware:
    """Take a sane ``X-Request-ID`` from the proxy or make one; echo it on the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get() or "-"
        return True


class LanguageMiddleware(LocaleMiddleware):
    """Speak Bahasa Indonesia on pages unless the user chose otherwise.

    Django's own middleware follows the browser's Accept-Language, so an office PC set
    to English would show English pages. Here a page's language is the language cookie
    (set by the language buttons), then the signed-in user's preferred language, then
    ``LANGUAGE_CODE``. API clients are programs that say what they want: for ``/api/``
    Accept-Language still counts. It runs after authentication to see the user.
    """

    def process_request(self, request: HttpRequest) -> None:
        languages = {code for code, _name in settings.LANGUAGES}
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in languages:
            code = self._default_for(request, languages)
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()

    @staticmethod
    def _default_for(request: HttpRequest, languages: set[str]) -> str:
        if request.path.startswith("/api/"):
            return translation.get_language_from_request(request)
        user = getattr(request, "user", None)
        preferred = getattr(user, "preferred_language", None)
        if user is not None and user.is_authenticated and preferred in languages:
            return str(preferred)
        return settings.LANGUAGE_CODE
