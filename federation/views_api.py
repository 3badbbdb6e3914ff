"""The hub's API for schools: JSON in, JSON out, Russian error messages; a per-school bearer token, no session.

POST connect (a one-time code → the school's token), POST packages (a package → accepted / unchanged / refused, with
the feedback), GET letters/<id>/pdf (a letter's PDF for a school it is addressed to), GET schema (public).
"""

import json

from django.conf import settings
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .hub.ingest import package_ingest
from .hub.registry import ConnectError, school_connect, school_for_token
from .installation import is_hub
from .models import InformationLetter, MemberSchool
from .office.feedback import feedback_for
from .package import PACKAGE_SCHEMA


def _error(message: str, status: int) -> JsonResponse:
    body = {"status": "refused", "error": message}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _bearer_school(request) -> MemberSchool | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return school_for_token(token)


def _hub_or_404():
    if not is_hub():
        raise Http404


@require_GET
def schema(request):
    return JsonResponse(PACKAGE_SCHEMA, json_dumps_params={"ensure_ascii": False, "indent": 2})


@csrf_exempt
@require_POST
def connect(request):
    _hub_or_404()
    try:
        data = json.loads(request.read(10_000).decode("utf-8"))
        code, name = str(data.get("code", "")), str(data.get("school_name", ""))
    except (ValueError, UnicodeDecodeError, AttributeError):
        return _error(_("The request is not readable JSON."), 400)
    try:
        school, token = school_connect(code=code, school_name=name)
    except ConnectError as exc:
        return _error(str(exc), 400)
    return JsonResponse({"token": token, "school": school.name}, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_POST
def packages(request):
    _hub_or_404()
    school = _bearer_school(request)
    if school is None:
        return _error(_("The school's token is not valid: connect the school again with a new code."), 401)
    limit = settings.FEDERATION_MAX_PACKAGE_BYTES
    # Read past Django's in-memory limit up to ours (+1 byte, to tell «too big»); the ingest checks the size.
    raw = request.read(limit + 1)
    result = package_ingest(school=school, raw=raw)
    if result.status == "refused":
        return _error(result.error, result.http_status)
    return JsonResponse(
        {"status": result.status, "received_at": result.received_at.isoformat(), "feedback": feedback_for(school)},
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def letter_pdf(request, pk: int):
    _hub_or_404()
    school = _bearer_school(request)
    if school is None or school.status != MemberSchool.Status.CONNECTED:
        return _error(_("The school's token is not valid: connect the school again with a new code."), 401)
    letter = (
        InformationLetter.objects.filter(pk=pk, published_at__isnull=False)
        .filter(Q(to_all=True) | Q(schools=school))
        .exclude(pdf="")
        .distinct()
        .first()
    )
    if letter is None:
        return _error(_("There is no such letter for this school."), 404)
    return FileResponse(letter.pdf.open("rb"), content_type="application/pdf", filename=f"letter-{letter.pk}.pdf")
