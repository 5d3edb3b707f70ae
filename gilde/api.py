"""The API under /api/v1/: one NinjaAPI, routers per app, errors as JSON."""

import logging

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gilde.accounts.api import router as accounts_router
from gilde.core.api import router as core_router
from gilde.core.apiauth import auth_methods
from gilde.core.errors import DomainError
from gilde.knowledge.api import router as knowledge_router
from gilde.networks.api import router as networks_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Gilde API",
    version="1",
    urls_namespace="api",
    auth=auth_methods,
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    body = {"message": str(exc.message)}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return api.create_response(
        request, {"message": _("The request is not valid."), "errors": exc.errors}, status=400
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return api.create_response(request, {"message": _("Log in or send a valid token.")}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    message = _("The request body is not valid JSON.") if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"message": message}, status=exc.status_code)


@api.exception_handler(Exception)
def unexpected_error(request, exc):
    logger.exception("Unexpected error in %s", request.path)
    return api.create_response(
        request, {"message": _("Something went wrong on our side.")}, status=500
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"message": _("Not found.")}, status=404)


api.add_router("/", accounts_router)
api.add_router("/", networks_router)
api.add_router("/", knowledge_router)
api.add_router("/", core_router)
