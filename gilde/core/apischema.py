"""What every API route shares: the error body, the statuses it can answer, one list shape.

One map (`ERRORS`) says which statuses exist and what they mean; the API's
exception handlers answer with `error_body`, and `declare_errors` writes the
same statuses into the OpenAPI document for every operation, so a generated
client knows each answer it can get.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from gilde.core.errors import Invalid

# Largest id a database row can have (64-bit); bigger numbers are "not found", not a crash.
MAX_ID = 2**63 - 1

# Choices shared by several apps' schemas, as types so that the OpenAPI document has
# an enum (test_api_conformance checks that they equal the models' choices).
Role = Literal["coordinator", "member", "guest"]
MembershipStatus = Literal["active", "suspended", "left"]

# An id sent in a body or a query: a larger number is a 400 that says so, never a crash.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class PersonOut(Schema):
    """A person as every app's answers name them: id and display name (never the e-mail)."""

    id: int
    name: str = Field(..., alias="display_name")


def amsterdam_time(value: datetime | None) -> datetime | None:
    """A time sent without an offset is read as Amsterdam time (the site's time zone)."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ErrorOut(Schema):
    message: str
    field: str | None = None
    errors: list[FieldError] = []


ERRORS: dict[int, Any] = {
    400: gettext_lazy("The request is not valid."),
    401: gettext_lazy("Log in or send a valid token."),
    403: gettext_lazy("You may not do this."),
    404: gettext_lazy("Not found."),
    405: gettext_lazy("This method is not allowed here."),
    409: gettext_lazy("This clashes with the current state."),
    412: gettext_lazy("It was changed in the meantime: fetch it again and retry."),
    429: gettext_lazy("Too many requests: wait a moment and try again."),
    500: gettext_lazy("Something went wrong on our side."),
}


def error_body(status: int, message=None, *, field: str | None = None, errors=None) -> dict:
    body: dict[str, Any] = {"message": str(message or ERRORS[status])}
    if field:
        body["field"] = field
    if errors:
        body["errors"] = errors
    return body


# Pydantic's messages are English; these are the ones a client of Gilde meets.
_VALIDATION_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "bool_type": gettext_lazy("Enter true or false."),
    "string_type": gettext_lazy("Enter text."),
    "string_too_long": gettext_lazy("Ensure this has at most %(max_length)s characters."),
    "string_too_short": gettext_lazy("Ensure this has at least %(min_length)s characters."),
    "greater_than_equal": gettext_lazy("Ensure this is at least %(ge)s."),
    "greater_than": gettext_lazy("Ensure this is more than %(gt)s."),
    "less_than_equal": gettext_lazy("Ensure this is at most %(le)s."),
    "less_than": gettext_lazy("Ensure this is less than %(lt)s."),
    "datetime_parsing": gettext_lazy("Enter a date and time, e.g. 2026-12-23T14:00:00+01:00."),
    "datetime_from_date_parsing": gettext_lazy(
        "Enter a date and time, e.g. 2026-12-23T14:00:00+01:00."
    ),
    "datetime_type": gettext_lazy("Enter a date and time, e.g. 2026-12-23T14:00:00+01:00."),
    "date_parsing": gettext_lazy("Enter a date, e.g. 2026-12-23."),
    "date_from_datetime_parsing": gettext_lazy("Enter a date, e.g. 2026-12-23."),
    "date_type": gettext_lazy("Enter a date, e.g. 2026-12-23."),
    "enum": gettext_lazy("Choose one of: %(expected)s."),
    "literal_error": gettext_lazy("Choose one of: %(expected)s."),
    "list_type": gettext_lazy("Enter a list."),
    "dict_type": gettext_lazy("Enter an object."),
    "model_attributes_type": gettext_lazy("Enter an object."),
    "json_invalid": gettext_lazy("The request body is not valid JSON."),
    "too_long": gettext_lazy("Ensure this has at most %(max_length)s items."),
    "url_parsing": gettext_lazy("Enter a valid URL."),
    "value_error": gettext_lazy("This value is not valid."),
}


def translate_errors(errors: list[dict]) -> list[dict]:
    """Pydantic's error list with each `msg` in the request's language."""
    result = []
    for error in errors:
        template = _VALIDATION_MESSAGES.get(error.get("type", ""))
        context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
        if template is None:
            msg = _("This value is not valid.")
        else:
            try:
                msg = str(template) % context if "%(" in str(template) else str(template)
            except (KeyError, ValueError):
                msg = _("This value is not valid.")
        result.append(
            {
                "loc": [p if isinstance(p, int) else str(p) for p in error.get("loc", [])],
                "msg": msg,
                "type": str(error.get("type", "value_error")),
            }
        )
    return result


def _error_response(status: int) -> dict:
    return {
        "description": str(ERRORS[status]),
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    }


def declare_errors(schema: dict, public_operations: set[tuple[str, str]]) -> dict:
    """Add to each operation the error statuses it can answer; mark public ones' security optional.

    Every route can answer 400 (bad parameters or body), 401 (a token that is
    not valid, or no login where one is needed), 404 (what the caller may not
    see, or an id that is too large), 429 (rate limit) and 500; writes also 403
    and 409; PATCH 412 (If-Match); reads 304 (If-None-Match).
    """
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorOut"] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = components["ErrorOut"].pop("$defs", {})
    components.update(defs)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            statuses = [400, 401, 404, 429, 500]
            if method != "get":
                statuses += [403, 409]
            if method == "patch":
                statuses.append(412)
            # django-ninja keys responses by int, JSON by str: one key per status, and
            # every error answers ErrorOut whatever a route declared for it.
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            for status in {*map(int, responses), *statuses} & set(ERRORS):
                responses[str(status)] = _error_response(status)
            if method == "get":
                responses.setdefault("304", {"description": "Not modified (If-None-Match)"})
            operation["responses"] = dict(sorted(responses.items()))
            if (method.upper(), path) in public_operations:
                security = operation.setdefault("security", [])
                if {} not in security:
                    security.append({})
    return schema


# -- PATCH bodies --------------------------------------------------------------

# The default of a PATCH field. A field left out is not in `payload.dict(exclude_unset=True)`,
# so it is not changed; one sent as null is validated against its type, which admits null
# only where null means something (a session's capacity: no limit), else it is a 400.
# Typed Any so that a field whose type has no None can still default to it.
UNSET: Any = None


# -- one list shape ----------------------------------------------------------

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

T = TypeVar("T")


class PageQuery(Schema):
    """The query parameters of every list: which page, and how many per page."""

    page: int = Field(1, ge=1, le=MAX_ID, description="1 is the first page")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page")


class Page(Schema, Generic[T]):
    """One page of a list: every list route answers this shape.

    Subclass it per item type (`class ArticlePage(Page[ArticleOut])`) so that the
    OpenAPI document and the generated clients have a readable name for it.
    """

    count: int = Field(..., description="Items in the whole list, over all pages")
    page: int = Field(..., description="This page's number, 1 first")
    page_size: int = Field(..., description="Items per page (the last page may have fewer)")
    next: str | None = Field(..., description="URL of the next page; null on the last")
    previous: str | None = Field(..., description="URL of the previous page; null on the first")
    results: list[T]


def _page_url(request, number: int, page_size: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    query["page_size"] = str(page_size)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page_body(request, query: PageQuery, *, count: int, results: list) -> dict:
    """The page dict for `results` (already this page's items) out of `count` in all.

    A page past the last one is a 400 that names it; page 1 of an empty list is fine.
    """
    pages = max(-(-count // query.page_size), 1)
    if query.page > pages:
        raise Invalid(_("There is no page %(page)s.") % {"page": query.page}, field="page")
    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "next": _page_url(request, query.page + 1, query.page_size) if query.page < pages else None,
        "previous": _page_url(request, query.page - 1, query.page_size) if query.page > 1 else None,
        "results": results,
    }


def paginate(request, rows, query: PageQuery) -> dict:
    """One page of `rows` (an ordered queryset or a list) in the shape of `Page`."""
    paginator = Paginator(rows, query.page_size)
    count = paginator.count
    pages = max(paginator.num_pages, 1)
    if query.page > pages:
        return page_body(request, query, count=count, results=[])  # raises: no such page
    return page_body(request, query, count=count, results=list(paginator.page(query.page)))
