"""Views every app shares: error pages (JSON under /api/), uploaded images, and search."""

import mimetypes
import posixpath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gilde.core import fragments
from gilde.core import search as search_index
from gilde.core.errors import DomainError
from gilde.core.forms import SearchForm


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


# Where a 404 stays a 404 for a logged-out visitor: programs (the API, calendar feeds)
# and files, which cannot follow a login page.
NO_LOGIN_PREFIXES = ("/api/", "/media/", "/static/", "/healthz")
NO_LOGIN_SUFFIXES = (".ics",)


def _may_send_to_login(request) -> bool:
    path = request.path
    return (
        request.method == "GET"
        and not getattr(getattr(request, "user", None), "is_authenticated", True)
        and not path.startswith(NO_LOGIN_PREFIXES)
        and not path.endswith(NO_LOGIN_SUFFIXES)
        and not path.startswith(reverse(settings.LOGIN_URL))
    )


def not_found(request, exception=None):
    """404, or for a logged-out visitor's page the login page that leads back to it.

    A members-only link opened logged out is a login away. A hidden network, a
    members-only item and something that does not exist all send to the login page
    alike, so a logged-out visitor still cannot tell them apart.
    """
    if _wants_json(request):
        return JsonResponse({"message": _("Not found.")}, status=404)
    if _may_send_to_login(request):
        return redirect_to_login(request.get_full_path())
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    """400 (an oversize or malformed request) in Gilde's layout, JSON under /api/."""
    if _wants_json(request):
        return JsonResponse({"message": _("The request could not be read.")}, status=400)
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"message": _("You may not do this.")}, status=403)
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without (or with a stale) CSRF token: the 403 page, in the user's language."""
    return permission_denied(request)


def server_error(request):
    # No context processors and no database: whatever failed may be one of them.
    if _wants_json(request):
        return JsonResponse({"message": _("Something went wrong on our side.")}, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())


IMAGE_FOLDERS = {"photos", "logos", "network-logos"}


def media(request, path: str):
    """Profile photos and logos, by their generated names. Only image folders are served."""
    path = posixpath.normpath(path).lstrip("/")
    if path.split("/")[0] not in IMAGE_FOLDERS:
        raise Http404
    if ".." in path.split("/") or "\\" in path or "\x00" in path:
        raise Http404
    try:
        # Through the storage API, so a shared volume or object storage serves them alike.
        handle = default_storage.open(path, "rb")
    except (OSError, ValueError, SuspiciousFileOperation) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response


RESULTS_PER_PAGE = 20
KIND_LABELS = {
    "article": gettext_lazy("Article"),
    "question": gettext_lazy("Question"),
    "session": gettext_lazy("Session"),
    "person": gettext_lazy("Person"),
    "listing": gettext_lazy("Offer or want"),
    "decision": gettext_lazy("Decision"),
}


def search(request):
    """Search all a visitor may see: logged out only what is public.

    A query the search refuses (too long, no words) shows its message; it is
    never an error page. With htmx, only the results are sent back.
    """
    # The results are a cached fragment (over all networks): on a hit, nothing below runs.
    template = "core/_search_results.html" if request.htmx else "core/search.html"
    names = "form results hits message author author_filtered page has_next query_string"
    return render(request, template, fragments.lazy(lambda: _search(request), *names.split()))


def _search(request) -> dict:
    form = SearchForm(request.user, request.GET or None)
    page = _page_number(request.GET.get("page"))
    results = message = author = None
    author_filtered = False
    if form.is_valid() and form.cleaned_data["q"]:
        filters = form.filters()
        try:
            results = search_index.search(
                request.user,
                form.cleaned_data["q"],
                **filters,
                limit=RESULTS_PER_PAGE,
                offset=(page - 1) * RESULTS_PER_PAGE,
            )
        except DomainError as error:
            message = error.message
        if filters["author_id"]:
            author_filtered = True
            author = _person(request.user, filters["author_id"])
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return {
        "form": form,
        "results": results,
        "hits": [(hit, KIND_LABELS.get(hit.kind, hit.kind)) for hit in results.hits]
        if results is not None
        else [],
        "message": message,
        "author": author,
        "author_filtered": author_filtered,
        "page": page,
        "has_next": results is not None and page * RESULTS_PER_PAGE < results.total,
        "query_string": query_string.urlencode(),
    }


def _person(user, person_id: int):
    """The person an author filter names, if `user` may know who that is; otherwise None."""
    if not search_index.may_know_person(user, person_id):
        return None
    return get_user_model().objects.filter(pk=person_id).first()


def _page_number(raw) -> int:
    try:
        return max(1, min(int(raw or 1), search_index.MAX_OFFSET // RESULTS_PER_PAGE))
    except ValueError:
        return 1
