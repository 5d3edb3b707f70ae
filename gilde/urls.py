from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from gilde.accounts import views as accounts_views
from gilde.api import api
from gilde.core import calendar_views, mail_views
from gilde.core import views as core_views

# The admin's own login form would skip the second factor and allauth's rate
# limits: send it to allauth's login instead (before the admin's URLs are read).
# the admin's login view is wrapped on purpose (secure_admin_login).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("gilde.networks.urls")),
    path("", include("gilde.accounts.urls")),
    path("", include("gilde.knowledge.urls")),
    path("", include("gilde.exchange.urls")),
    path("", include("gilde.meetings.urls")),
    path("", include("gilde.projects.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path(settings.API_PREFIX, api.urls),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("media/<path:path>", core_views.media, name="media"),
    path("search/", core_views.search, name="search"),
    path("mail/stop/<str:stop_token>/", mail_views.mail_stop, name="mail_stop"),
    path("me/mail/", mail_views.my_mail, name="my_mail"),
    path("me/calendar/", calendar_views.my_calendar, name="my_calendar"),
    path("me/calendar/stop/", calendar_views.my_calendar_revoke, name="my_calendar_revoke"),
    path(
        "calendar/<str:feed_token>.ics", calendar_views.personal_calendar, name="personal_calendar"
    ),
    path("n/<slug:slug>/sessions.ics", calendar_views.network_calendar, name="network_calendar"),
]

handler400 = "gilde.core.views.bad_request"
handler403 = "gilde.core.views.permission_denied"
handler404 = "gilde.core.views.not_found"
handler500 = "gilde.core.views.server_error"
