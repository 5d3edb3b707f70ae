"""Views every app shares: error pages (JSON under /api/) and uploaded images."""

import mimetypes
import posixpath

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.utils._os import safe_join
from django.utils.translation import gettext as _


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"message": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"message": _("Something went wrong on our side.")}, status=500)
    return render(request, "500.html", status=500)


IMAGE_FOLDERS = {"photos", "logos", "network-logos"}


def media(request, path: str):
    """Profile photos and logos, by their generated names. Only image folders are served."""
    path = posixpath.normpath(path).lstrip("/")
    if path.split("/")[0] not in IMAGE_FOLDERS:
        raise Http404
    try:
        full = safe_join(settings.MEDIA_ROOT, path)
        handle = open(full, "rb")  # noqa: SIM115 - FileResponse closes it
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(full)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response
