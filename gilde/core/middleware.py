"""Middleware every request passes first: an id for the logs, and the health check."""

from __future__ import annotations

import copy
import re
import uuid
from hashlib import md5

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.http import quote_etag

from gilde.core.logs import request_id

# A proxy's id is kept when it looks like one, so a line in nginx's log and in
# ours can be matched; anything else is replaced, never echoed.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEALTH_PATH = "/healthz"


class RequestIdMiddleware:
    """Give each request an id (the proxy's X-Request-ID, or a new one) for logs and answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


def health() -> tuple[bool, dict]:
    """Whether the database and the cache answer, and what each said."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        key = f"healthz:{uuid.uuid4().hex}"
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
        checks["cache"] = "ok" if ok else "error: value not read back"
    except Exception as exc:  # noqa: BLE001
        checks["cache"] = f"error: {type(exc).__name__}"
    return all(v == "ok" for v in checks.values()), checks


class HealthCheckMiddleware:
    """Answer /healthz before the Host header is checked: load balancers ask by IP address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_PATH:
            return self.get_response(request)
        ok, checks = health()
        response = JsonResponse(
            {"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503
        )
        response["Cache-Control"] = "no-store"
        # Answered before SecurityMiddleware, so the headers every answer carries are set here.
        response["X-Content-Type-Options"] = "nosniff"
        response["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
        response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
        return response


class ApiMiddleware:
    """Under /api/ every answer is JSON, HEAD and OPTIONS work, and If-Match guards writes.

    Django answers an unknown path with its (debug) HTML page and ninja a wrong
    method with a bare 405; here they become the API's JSON errors. HEAD is
    answered as GET without the body. A write with If-Match is refused with 412
    when the resource's current ETag (the one its GET gives) differs.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.API_PREFIX.strip("/") + "/"

    def __call__(self, request):
        if not request.path.startswith(self.prefix):
            return self.get_response(request)
        method = request.method
        if method == "HEAD":
            request.method = "GET"
        if method in ("PATCH", "PUT", "DELETE") and "HTTP_IF_MATCH" in request.META:
            refused = self._precondition_failed(request)
            if refused is not None:
                return refused
        response = self.get_response(request)
        if method == "OPTIONS" and response.status_code == 405:
            allowed = _allowed(response)
            response = HttpResponse(status=204)
            response["Allow"] = allowed
            return response
        if response.status_code == 405:
            allowed = _allowed(response)
            response = _json_error(405)
            response["Allow"] = allowed
        elif response.status_code >= 400 and not _is_json(response):
            response = _json_error(response.status_code)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.has_header("ETag")
        ):
            response["ETag"] = _etag(response)
        if method == "HEAD":
            length = len(response.content) if not response.streaming else None
            response.content = b""
            if length is not None:
                response["Content-Length"] = str(length)
        return response

    def _precondition_failed(self, request):
        wanted = [tag.strip() for tag in request.META["HTTP_IF_MATCH"].split(",") if tag.strip()]
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        current = copy.copy(request)
        current.method = "GET"
        current.META = {**request.META, "REQUEST_METHOD": "GET"}
        current.META.pop("HTTP_IF_MATCH", None)
        current.META.pop("HTTP_IF_NONE_MATCH", None)
        response = match.func(current, *match.args, **match.kwargs)
        if response.status_code != 200:
            return None  # let the write itself answer 401/404 as it would
        etag = response.get("ETag") or _etag(response)
        if "*" in wanted or etag in wanted:
            return None
        return _json_error(412)


def _etag(response) -> str:
    """The same strong ETag Django's ConditionalGetMiddleware would give."""
    return quote_etag(md5(response.content, usedforsecurity=False).hexdigest())


def _allowed(response) -> str:
    methods = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
    if "GET" in methods and "HEAD" not in methods:
        methods.append("HEAD")
    return ", ".join([*methods, "OPTIONS"])


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def _json_error(status: int) -> JsonResponse:
    from gilde.core.apischema import error_body

    return JsonResponse(error_body(status), status=status)


class UserLanguageMiddleware:
    """Someone logged in reads Gilde in the language they chose, also on a new device.

    Their language cookie still wins (it is what they chose last on this
    device); without one, their stored choice replaces the browser's guess.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = ""
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            user = getattr(request, "user", None)
            chosen = getattr(user, "language", "") if user and user.is_authenticated else ""
            if chosen in dict(settings.LANGUAGES):
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        if chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


class DebugNotFoundMiddleware:
    """With DEBUG on (`make run`), a 404 shows Gilde's own page, not Django's debug page.

    Tracebacks for errors stay; only "not found" uses the real handler, so what a
    developer sees is what a visitor gets (including the login redirect). The API
    keeps its JSON (ApiMiddleware, and the handler answers JSON there too).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG:
            try:
                resolve(request.path_info)
            except Resolver404:
                return _not_found(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return _not_found(request)
        return None


def _not_found(request):
    from gilde.core.views import not_found

    return not_found(request)
