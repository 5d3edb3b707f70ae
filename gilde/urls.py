from django.contrib import admin
from django.urls import include, path

from gilde.api import api
from gilde.core import views as core_views

urlpatterns = [
    path("", include("gilde.networks.urls")),
    path("", include("gilde.accounts.urls")),
    path("", include("gilde.knowledge.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("media/<path:path>", core_views.media, name="media"),
    path("search/", core_views.search, name="search"),
]

handler404 = "gilde.core.views.not_found"
handler500 = "gilde.core.views.server_error"
