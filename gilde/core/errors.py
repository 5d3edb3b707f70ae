"""Domain errors raised by services; views map them to messages, the API to status codes."""


class DomainError(Exception):
    """A refused write. `message` is translated and safe to show to the user."""

    status = 400

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class Invalid(DomainError):
    """The input is wrong: fix it and try again."""

    status = 400


class NotAllowed(DomainError):
    """The user may see the object but may not do this to it."""

    status = 403


class NotFound(DomainError):
    """The object does not exist, or the user may not know that it does."""

    status = 404


class Conflict(DomainError):
    """The request clashes with the current state (a second membership, a used-up link)."""

    status = 409


def full_clean_or_invalid(instance, fields: list[str] | None = None) -> None:
    """Run a model's validation (of `fields` only, if given); the first error becomes Invalid."""
    from django.core.exceptions import ValidationError

    exclude = None
    if fields is not None:
        exclude = [f.name for f in instance._meta.fields if f.name not in fields]
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        raise Invalid(errors[0], field=None if field == "__all__" else field) from exc


def clean_title(value: str | None, field: str = "title") -> str:
    """A title as one line of single spaces, or Invalid when it is empty or too long."""
    from django.utils.translation import gettext as _

    title = " ".join((value or "").split())
    if not title:
        raise Invalid(_("A title is needed."), field=field)
    if len(title) > 200:
        raise Invalid(_("Keep the title under 200 characters."), field=field)
    return title
