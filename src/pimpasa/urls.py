from django.contrib import admin
from django.urls import include, path

from pimpasa.accounts import views as accounts_views
from pimpasa.api import api
from pimpasa.core import views as core_views

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("", include("pimpasa.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("pimpasa.accounts.urls")),
    path("regions/", include("pimpasa.regions.urls")),
    path("organization/", include("pimpasa.organization.urls")),
    path("villages/", include("pimpasa.villages.urls")),
    path("reports/", include("pimpasa.reports.urls")),
    path("watchlist/", include("pimpasa.watchlist.urls")),
    path("lapor/", include("pimpasa.reports.public_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
