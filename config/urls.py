from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

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
    path("journal/", include("audit.urls")),
    path("admin/", admin.site.urls),
]

# No route serves MEDIA_ROOT: consent scans, generated documents and images hold personal data and are
# downloaded only through views that check who asks (mentoring, reports, reports.public).
