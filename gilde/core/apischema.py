"""What every API route shares: the error body, the statuses it can answer, one list shape.

One map (`ERRORS`) says which statuses exist and what they mean; the API's
exception handlers answer with `error_body`, and `declare_errors` writes the
same statuses into the OpenAPI document for every operation, so a generated
client knows each answer it can get.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema

# Largest id a database row can have (64-bit); bigger numbers are "not found", not a crash.
MAX_ID = 2**63 - 1


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
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses):
                responses.setdefault(str(status), _error_response(status))
            if method == "get":
                responses.setdefault("304", {"description": "Not modified (If-None-Match)"})
            if (method.upper(), path) in public_operations:
                security = operation.setdefault("security", [])
                if {} not in security:
                    security.append({})
    return schema
