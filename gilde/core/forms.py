"""Small helpers that pages share: reading what a form changed, showing a service's refusal."""

from django import forms

from gilde.core.errors import DomainError


def changed_fields(form: forms.BaseForm) -> dict:
    """The cleaned values of the fields the user changed; a cleared file becomes ""."""
    changed = {name: form.cleaned_data[name] for name in form.changed_data}
    for name, value in changed.items():
        if value is False and isinstance(form.fields[name], forms.FileField):
            changed[name] = ""
    return changed


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a refusal from a service next to the field it concerns, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))
