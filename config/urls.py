from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.site_views import FaviconView
from federation.views_home import home as federation_home
from mentoring.forms import LoginForm
from operations.health import HealthView

urlpatterns = [
    path("", federation_home, name="home"),  # a hub's staff land on the office's dashboard (federation.views_home)
    path("", include("mentoring.urls_home")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/", include("mentoring.urls_accounts")),  # invitations; the reset mail goes through Celery
    path("accounts/", include("django.contrib.auth.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("programmes/", include("programmes.urls")),
    path("roadmap/", include("roadmap.urls")),
    path("documents/", include("reports.urls")),
    path("monitoring/", include("reports.monitoring.urls")),
    path("nastavnichestvo/", include("reports.public.urls")),  # the public section of the school site (§8)
    path("journal/", include("audit.urls")),
    path("municipal/", include("federation.urls_office")),  # the municipal office's pages (a hub installation)
    path("federation/", include("federation.urls_school")),  # a school's connection to its office
    path("api/federation/v1/", include("federation.urls_api")),  # the hub's API: per-school token, no session
    path("admin/", admin.site.urls),
    path("favicon.ico", FaviconView.as_view()),
    path("health/", HealthView.as_view(), name="health"),  # for compose and load balancers: no personal data
]

# Error pages in Russian in the site's layout (config/site_views.py; 400 and 500 are Django's views).
handler403 = "config.site_views.permission_denied"
handler404 = "config.site_views.page_not_found"

# No route serves MEDIA_ROOT: consent scans, generated documents and images hold personal data and are
# downloaded only through views that check who asks (mentoring, reports, reports.public).
