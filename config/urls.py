from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.static import serve

from mentoring.forms import LoginForm

urlpatterns = [
    path("", include("mentoring.urls_home")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("programmes/", include("programmes.urls")),
    path("roadmap/", include("roadmap.urls")),
    path("documents/", include("reports.urls")),
    path("monitoring/", include("reports.monitoring.urls")),
    path("nastavnichestvo/", include("reports.public.urls")),  # the public section of the school site (§8)
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Uploaded files in the demo only; production serves media through the web server behind access checks.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
