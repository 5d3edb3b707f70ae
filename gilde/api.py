"""The API under /api/v1/: one NinjaAPI, routers per app, errors as JSON in the caller's language.

Every error goes through `gilde.core.apischema`'s one map, both to answer and
to declare in the OpenAPI document.
"""

import logging

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.throttling import UserRateThrottle

from gilde.accounts.api import router as accounts_router
from gilde.core.api import router as core_router
from gilde.core.apiauth import Anonymous, CsrfRefused, auth_methods
from gilde.core.apischema import declare_errors, error_body, translate_errors
from gilde.core.errors import DomainError
from gilde.exchange.api import router as exchange_router
from gilde.knowledge.api import router as knowledge_router
from gilde.meetings.api import router as meetings_router
from gilde.networks.api import router as networks_router

logger = logging.getLogger(__name__)


class GildeAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """Readable ids for generated clients: `list_articles`, not `gilde_knowledge_api_…`."""
        return operation.view_func.__name__

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        return declare_errors(schema, self._public_operations())

    def _public_operations(self) -> set[tuple[str, str]]:
        prefix = "/" + settings.API_PREFIX.strip("/")
        public = set()
        for router_prefix, router in self._routers:
            for path, path_view in router.path_operations.items():
                full = (
                    prefix
                    + "/"
                    + "/".join(p.strip("/") for p in (router_prefix, path) if p.strip("/"))
                )
                full = full.replace("<int:", "{").replace("<", "{").replace(">", "}")
                for operation in path_view.operations:
                    if any(isinstance(a, Anonymous) for a in operation.auth_callbacks):
                        public |= {(method, _openapi_path(full)) for method in operation.methods}
        return public


def _openapi_path(path: str) -> str:
    import re

    return re.sub(r"\{(?:\w+:)?(\w+)\}", r"{\1}", path)


api = GildeAPI(
    title="Gilde API",
    version="1",
    urls_namespace="api",
    auth=auth_methods,
    docs_url="/docs",
    throttle=[UserRateThrottle(settings.API_RATE_LIMIT)],
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(
        request, error_body(exc.status, exc.message, field=exc.field), status=exc.status
    )


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = translate_errors(exc.errors)
    return api.create_response(request, error_body(400, errors=errors), status=400)


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return api.create_response(request, error_body(401), status=401)


@api.exception_handler(Throttled)
def throttled(request, exc: Throttled):
    return api.create_response(request, error_body(429), status=429)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if isinstance(exc, CsrfRefused):
        return api.create_response(request, error_body(403, str(exc)), status=403)
    if exc.status_code == 400:
        message = _("The request body is not valid JSON.")
        return api.create_response(request, error_body(400, message), status=400)
    return api.create_response(request, error_body(exc.status_code), status=exc.status_code)


@api.exception_handler(OverflowError)
def number_too_large(request, exc):
    # An id beyond what a database row can have (SQLite raises while binding it).
    return api.create_response(request, error_body(404), status=404)


@api.exception_handler(Exception)
def unexpected_error(request, exc):
    logger.exception("Unexpected error in %s", request.path)
    return api.create_response(request, error_body(500), status=500)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, error_body(404), status=404)


api.add_router("/", accounts_router)
api.add_router("/", networks_router)
api.add_router("/", knowledge_router)
api.add_router("/", exchange_router)
api.add_router("/", meetings_router)
api.add_router("/", core_router)
