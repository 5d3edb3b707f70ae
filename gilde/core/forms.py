"""Small helpers that pages share: reading what a form changed, showing a service's refusal
(`refusals`, the pages' one answer to a DomainError, as the API has its one error map);
the search form and the attendance form every kind of event uses."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.apps import apps
from django.contrib import messages
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from gilde.core.credits import format_amount, parse_amount
from gilde.core.errors import DomainError, Invalid


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


class AmountField(forms.CharField):
    """An amount of a network's credits as people type it ("1,5", "1:30", "1 uur 30 min"),
    read by gilde.core.credits into a positive number of minor units. Left empty it is
    `empty` (None: no amount); with `zero_is_empty`, "0" is read as empty too (a price
    or a reward of nothing)."""

    def __init__(self, unit=None, *, empty=None, zero_is_empty: bool = False, **kwargs):
        self.unit = unit
        self.empty = empty
        self.zero_is_empty = zero_is_empty
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values or (self.zero_is_empty and value.strip() == "0"):
            return self.empty
        try:
            return parse_amount(value, self.unit, field=None)
        except Invalid as exc:
            raise forms.ValidationError(str(exc.message)) from exc

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_amount(value, self.unit) if value or not self.zero_is_empty else ""
        return value


def amount_help(network) -> str:
    """The help text under a field of credits, in the network's own unit."""
    return _("For example “1,5” or “1 %(unit)s 30 %(minor)s”.") % {
        "unit": network.unit_singular,
        "minor": network.minor_name or "…",
    }


class QuickSelect(forms.Select):
    """A <select> written in Python rather than through Django's widget templates, which
    include a template per option: the member directory's list of organisations grows
    with the network, and at 200 options their templates took most of the page's time.
    The same elements and attributes as Django's Select (tested side by side)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [
            format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))
        ]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option["value"],
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped


class SuggestInput(forms.TextInput):
    """A text input with suggestions: a `<datalist>` that htmx fills from `url` when the
    field gets the focus and refills as one types (the endpoint answers `<option>`s).
    The page itself carries none, so it costs the same however many there are; without
    JavaScript the field is plain text, and the form accepts whatever is typed."""

    url: str = ""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        list_id = f"{widget['attrs'].get('id') or 'id_' + name}-suggestions"
        attrs = {"class": "suggest", **widget["attrs"], "list": list_id, "autocomplete": "off"}
        if self.url:
            attrs.update(
                {
                    "hx-get": self.url,
                    "hx-trigger": "focus once, input changed delay:250ms",
                    "hx-target": f"#{list_id}",
                    "hx-swap": "innerHTML",
                    # Not inherited from a form that pushes its own address.
                    "hx-push-url": "false",
                }
            )
        shown = {"value": widget["value"]} if widget["value"] not in (None, "") else {}
        return format_html(
            '<input type="{}" name="{}"{}><datalist id="{}"></datalist>',
            widget["type"],
            widget["name"],
            flatatt({**attrs, **shown}),
            list_id,
        )


def suggestion_options(suggestions) -> SafeString:
    """`<option>`s for a SuggestInput's datalist."""
    return mark_safe(  # noqa: S308 - every option is escaped
        "".join(format_html('<option value="{}"></option>', text) for text in suggestions)
    )


class refusals:  # noqa: N801 - used as a context manager, like contextlib's suppress
    """Run a page's service calls; a refusal (DomainError) is shown instead of raised.

    With a form, the refusal goes next to the field it concerns (or above the
    form) and the page renders the form again; without one, it becomes an error
    message for the next page. Either way nothing after the refused call runs,
    and the service's transaction has changed nothing::

        with refusals(request) as refused:
            services.delete_article(article, by=request.user)
        if refused:
            return redirect(article_url)

    `refused` is true after a refusal, and `refused.error` is the DomainError.
    Any other exception passes through.
    """

    def __init__(self, request=None, *, form: forms.BaseForm | None = None):
        self.request = request
        self.form = form
        self.error: DomainError | None = None

    def __enter__(self) -> refusals:
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        if exc is None or not isinstance(exc, DomainError):
            return False
        self.error = exc
        if self.form is not None:
            add_domain_error(self.form, exc)
        elif self.request is not None:
            messages.error(self.request, exc.message)
        return True

    def __bool__(self) -> bool:
        return self.error is not None


class AttendanceForm(forms.Form):
    """Who attended an event: ticked ids among `user_ids`, those who had a place (a tick
    for anyone else makes the form invalid). The service is `core.events.mark_attended`."""

    attended = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])

    def __init__(self, user_ids, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(pk, pk) for pk in user_ids]


class SearchForm(forms.Form):
    """The search page's words and filters; the API reads its query parameters with it too."""

    q = forms.CharField(label=_("Search for"), required=False)
    kind = forms.ChoiceField(label=_("What"), required=False, widget=QuickSelect)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=60)
    network = forms.ChoiceField(label=_("Network"), required=False, widget=QuickSelect)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    author = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    KINDS = [
        ("article", _("Articles")),
        ("question", _("Questions")),
        ("session", _("Sessions")),
        ("person", _("People")),
        ("listing", _("Offers and wants")),
        ("decision", _("Decisions")),
    ]

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["kind"].choices = [("", _("Everything")), *self.KINDS]
        # Listed networks and one's own: a list must not reveal unlisted or hidden ones.
        networks = apps.get_model("networks", "Network").objects.known_to(user)
        self.network_ids = {}
        choices = [("", _("All networks"))]
        for pk, slug, name in networks.values_list("pk", "slug", "name"):
            self.network_ids[slug] = pk
            choices.append((slug, name))
        self.fields["network"].choices = choices

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return data

    def filters(self) -> dict:
        """The cleaned filters as keyword arguments of `gilde.core.search.search`."""
        data = self.cleaned_data
        return {
            "kinds": [data["kind"]] if data.get("kind") else [],
            "tag": data.get("tag") or None,
            "author_id": data.get("author"),
            "network_id": self.network_ids.get(data.get("network") or ""),
            "since": _start_of(data.get("since")),
            "until": _start_of(data["until"] + timedelta(days=1)) if data.get("until") else None,
        }


def _start_of(day: date | None) -> datetime | None:
    """Midnight at the start of `day` in the site's time zone (dates are meant locally)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def upload_form_is_valid(request, form: forms.BaseForm, field: str | None = None) -> bool:
    """`form.is_valid()`, but first: was an upload stopped for being too large?

    The upload handler drops such a file while it arrives (gilde.core.uploads);
    without this the form would only say that no file was chosen.
    """
    from gilde.core import uploads

    refused = uploads.refusal(request)
    if refused is not None:
        form.add_error(field if field in form.fields else None, refused.message)
        return False
    return form.is_valid()
