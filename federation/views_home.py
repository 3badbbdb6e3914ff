"""`/` on a hub: the office's staff land on the office's dashboard; everyone else (and every school) as before."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from mentoring.permissions import user_has_role
from mentoring.views.home import home as school_home

from .installation import is_hub
from .office.access import OFFICE_ROLES


@login_required
def home(request):
    if user_has_role(request.user, *OFFICE_ROLES) and is_hub():
        return redirect("federation_office:dashboard")
    return school_home(request)
