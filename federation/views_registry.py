"""The office's registry of member schools: the list with the last package, register (a one-time code shown once),
a school's page with its packages, a new code, disconnection, and the upload of a package brought as a file."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .forms_exchange import PackageUploadForm, SchoolRegisterForm
from .hub.ingest import package_ingest
from .hub.registry import school_code_renew, school_disconnect, school_register
from .models import MemberSchool
from .office.access import office_view
from .selectors_exchange import member_schools, school_packages


def _code_page(request, school, code):
    return render(request, "federation/registry/code.html", {"school": school, "code": code})


@require_GET
@office_view
def school_list(request):
    return render(request, "federation/registry/list.html", {"schools": member_schools()})


@require_http_methods(["GET", "POST"])
@office_view
def school_new(request):
    form = SchoolRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        school, code = school_register(**form.cleaned_data)
        return _code_page(request, school, code)  # shown once: not a redirect to a page that could show it again
    return render(request, "federation/registry/new.html", {"form": form})


@require_GET
@office_view
def school_detail(request, pk):
    school = get_object_or_404(MemberSchool, pk=pk)
    return render(
        request,
        "federation/registry/detail.html",
        {"school": school, "packages": school_packages(school), "upload_form": PackageUploadForm()},
    )


@require_POST
@office_view
def school_code(request, pk):
    school = get_object_or_404(MemberSchool, pk=pk)
    return _code_page(request, school, school_code_renew(school=school))


@require_POST
@office_view
def school_disconnect_view(request, pk):
    school = school_disconnect(school=get_object_or_404(MemberSchool, pk=pk))
    messages.success(request, _("The school is disconnected: its packages are refused from now on."))
    return redirect("federation_office:school", school.pk)


@require_POST
@office_view
def school_upload(request, pk):
    school = get_object_or_404(MemberSchool, pk=pk)
    form = PackageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect("federation_office:school", school.pk)
    result = package_ingest(school=school, raw=form.cleaned_data["file"].read(), via_file=True)
    if result.status == "refused":
        messages.error(request, _("The package is refused: %(reason)s") % {"reason": result.error})
    elif result.status == "unchanged":
        messages.info(request, _("This package has already been received; nothing changed."))
    else:
        messages.success(request, _("The package is accepted."))
    return redirect("federation_office:school", school.pk)
