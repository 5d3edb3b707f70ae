from django.conf import settings
from django.contrib.staticfiles import finders


def gilde(request):
    """What every page needs: the site name, whether htmx was installed, the language switch."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "HTMX_AVAILABLE": _htmx_available(),
    }


def _htmx_available() -> bool:
    # Checked per request in development (cheap: one stat), so running
    # `npm ci` later needs no restart.
    return finders.find("vendor/htmx.min.js") is not None
