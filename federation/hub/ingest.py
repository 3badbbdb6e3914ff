"""The hub takes in a school's package: the same checks for a package posted with a token and for a file uploaded by
the office's methodist, then one transaction that keeps the version and replaces the school's flattened rows.

Checks, in order, each refusal recorded with its Russian reason (the school reads it in its settings): size (413),
JSON (400), a disconnected school (403), the schema and its version (400), the academic year — the office's current
or previous one (400), for a file the organisation it came from (400), an older package than the one accepted last
(a replay, 409). The same content twice (same checksum) changes nothing and answers «unchanged».
"""

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from mentoring.selectors import current_year

from ..models import MemberSchool, ReceivedPackage, SchoolCase, SchoolIndicator, SchoolOrder, SchoolRoadmapItem
from ..package import package_checksum, schema_errors

Status = ReceivedPackage.Status


@dataclass
class IngestResult:
    status: str  # "accepted", "unchanged" or "refused"
    http_status: int
    error: str = ""
    package: ReceivedPackage | None = None

    @property
    def received_at(self) -> datetime.datetime | None:
        return self.package.received_at if self.package else None


def known_years(today: datetime.date | None = None) -> list[str]:
    """The years the office accepts: its current academic year and the one before."""
    year = current_year()
    if year is not None:
        start = year.start_date.year
    else:
        today = today or timezone.localdate()
        start = today.year if today.month >= 8 else today.year - 1
    return [f"{start}/{start + 1}", f"{start - 1}/{start}"]


def _same_name(a: str, b: str) -> bool:
    def norm(s):
        return " ".join(str(s or "").lower().replace("ё", "е").replace("№", " № ").split())

    return bool(norm(a)) and norm(a) == norm(b)


def _refuse(school, body, raw_checksum, reason, http_status, *, via_file) -> IngestResult:
    body = body if isinstance(body, dict) else {}
    version = body.get("schema_version")
    year = body.get("academic_year")
    package = ReceivedPackage.objects.create(
        school=school,
        schema_version=version if isinstance(version, int) and 0 <= version < 2**31 else 0,
        academic_year=str(year.get("title", ""))[:20] if isinstance(year, dict) else "",
        checksum=raw_checksum,
        body=body if len(json.dumps(body, ensure_ascii=False)) < 1_000_000 else {},
        status=Status.REFUSED,
        reason=reason,
        via_file=via_file,
    )
    return IngestResult(Status.REFUSED, http_status, reason, package)


def built_at(body: dict) -> datetime.datetime | None:
    try:
        value = parse_datetime(str(body.get("generated_at", "")))
    except ValueError:
        return None
    return value if value is not None and timezone.is_aware(value) else None


def _check(school: MemberSchool, body, *, via_file: bool) -> tuple[str, int] | None:
    """The first reason to refuse the parsed package, with its HTTP status; None when it may be taken."""
    if school.status == MemberSchool.Status.DISCONNECTED:
        return _("The municipal office has disconnected this school; packages are not accepted. Contact the "
                 "office."), 403  # fmt: skip
    errors = schema_errors(body)
    if errors:
        return _("The package does not follow the schema: %(errors)s") % {"errors": "; ".join(errors)}, 400
    if built_at(body) is None:
        return _("The package's time of building (generated_at) is not a date and time with a time zone."), 400
    positions = [item["position"] for item in body["roadmap"]["items"]]
    codes = [item["code"] for item in body["indicators"]["items"]]
    if len(set(positions)) != len(positions) or len(set(codes)) != len(codes):
        return _("The package repeats a roadmap position or an indicator code."), 400
    title = body["academic_year"]["title"]
    years = known_years()
    if title not in years:
        return _("The package is for the academic year %(year)s; the office accepts %(years)s.") % {
            "year": title, "years": ", ".join(years)}, 400  # fmt: skip
    if via_file:
        org = body["organisation"]
        names = [n for n in (school.reported_name, school.name) if n]
        if not any(_same_name(org.get(key, ""), name) for key in ("short_name", "full_name") for name in names):
            return _("The file is the package of «%(org)s», not of «%(school)s».") % {
                "org": org.get("short_name", ""), "school": school.name}, 400  # fmt: skip
    return None


def _flatten(school: MemberSchool, package: ReceivedPackage, body: dict) -> None:
    """Replace the school's rows of the year with the package's content; cases are upserted by the school's key so
    that an unchanged case keeps the package that brought it (the base shares what is new or changed)."""
    year = package.academic_year
    common = {"school": school, "package": package, "academic_year": year}
    for model in (SchoolIndicator, SchoolRoadmapItem, SchoolOrder):
        model.objects.filter(school=school, academic_year=year).delete()
    version = body["indicators"]["definitions_version"]
    SchoolIndicator.objects.bulk_create(
        [SchoolIndicator(**common, code=i["code"], numerator=i["numerator"], denominator=i["denominator"],
                         definitions_version=version) for i in body["indicators"]["items"]]
    )  # fmt: skip
    SchoolRoadmapItem.objects.bulk_create(
        [
            SchoolRoadmapItem(
                **common,
                position=i["position"],
                stage=i.get("stage", ""),
                number=i.get("number", ""),
                title=i["title"],
                period_text=i.get("period_text", ""),
                period_start=i.get("period_start"),
                period_end=i.get("period_end"),
                responsible=i.get("responsible", ""),
                responsible_role=i.get("responsible_role", ""),
                status=i["status"],
                result_document=i.get("result_document", ""),
                document_kind=i.get("document_kind", ""),
            )  # fmt: skip
            for i in body["roadmap"]["items"]
        ]
    )
    SchoolOrder.objects.bulk_create(
        [SchoolOrder(**common, number=o["number"], date=o["date"], title=o["title"]) for o in body["orders"]]
    )
    _cases_upsert(school, package, body["cases"])


CASE_FIELDS = ("title", "summary", "body", "form", "mentoring_type", "directions", "published_on")


def _cases_upsert(school: MemberSchool, package: ReceivedPackage, cases: list[dict]) -> None:
    existing = {c.external_id: c for c in SchoolCase.objects.filter(school=school)}
    sent = {c["external_id"]: c for c in cases}
    SchoolCase.objects.filter(school=school).exclude(external_id__in=list(sent)).delete()
    new, changed = [], []
    for key, item in sent.items():
        values = {
            "title": item["title"], "summary": item.get("summary", ""), "body": item.get("body", ""),
            "form": item.get("form", ""), "mentoring_type": item.get("mentoring_type", ""),
            "directions": item.get("directions", []),
            "published_on": datetime.date.fromisoformat(item["published_on"]) if item.get("published_on") else None,
        }  # fmt: skip
        case = existing.get(key)
        if case is None:
            new.append(SchoolCase(school=school, package=package, academic_year=package.academic_year,
                                  external_id=key, **values))  # fmt: skip
        elif any(getattr(case, f) != values[f] for f in CASE_FIELDS):
            for field, value in values.items():
                setattr(case, field, value)
            case.package, case.academic_year = package, package.academic_year
            changed.append(case)
    SchoolCase.objects.bulk_create(new)
    SchoolCase.objects.bulk_update(changed, [*CASE_FIELDS, "package", "academic_year"])


def package_ingest(*, school: MemberSchool, raw: bytes, via_file: bool = False) -> IngestResult:
    """Check and take in one package (module docstring); every outcome is recorded except «unchanged»."""
    import hashlib

    from ..office.agreements import agreement_on_new_roadmap

    raw_checksum = hashlib.sha256(raw).hexdigest()
    if len(raw) > settings.FEDERATION_MAX_PACKAGE_BYTES:
        reason = _("The package is too big (%(size)s MB; at most %(limit)s MB).") % {
            "size": round(len(raw) / 2**20, 1),
            "limit": round(settings.FEDERATION_MAX_PACKAGE_BYTES / 2**20, 1),
        }
        return _refuse(school, None, raw_checksum, reason, 413, via_file=via_file)  # fmt: skip
    try:
        text = raw.decode("utf-8")
        body = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        reason = _("The package is not readable JSON in UTF-8.")
        return _refuse(school, None, raw_checksum, reason, 400, via_file=via_file)
    if "\\u0000" in text or "\x00" in text:  # PostgreSQL keeps no NUL character in text or JSON
        reason = _("The package contains a NUL character, which no text may hold.")
        return _refuse(school, None, raw_checksum, reason, 400, via_file=via_file)
    problem = _check(school, body, via_file=via_file)
    if problem:
        return _refuse(school, body, raw_checksum, problem[0], problem[1], via_file=via_file)
    checksum = package_checksum(body)
    year = body["academic_year"]["title"]
    generated_at = built_at(body)
    with transaction.atomic():
        MemberSchool.objects.select_for_update().filter(pk=school.pk).first()  # one package of a school at a time
        same = ReceivedPackage.objects.filter(school=school, checksum=checksum, status=Status.ACCEPTED).first()
        if same is not None:
            return IngestResult("unchanged", 200, "", same)
        latest = (
            ReceivedPackage.objects.filter(school=school, academic_year=year, status=Status.ACCEPTED)
            .exclude(generated_at=None)
            .order_by("-generated_at")
            .first()
        )
        if latest is not None and generated_at < latest.generated_at:
            reason = _("The package was built on %(built)s, before the one the office accepted last (%(last)s): it "
                       "is not taken. Send a new package.") % {
                "built": timezone.localtime(generated_at).strftime("%d.%m.%Y %H:%M"),
                "last": timezone.localtime(latest.generated_at).strftime("%d.%m.%Y %H:%M")}  # fmt: skip
            return _refuse(school, body, checksum, reason, 409, via_file=via_file)
        try:
            with transaction.atomic():
                package = ReceivedPackage.objects.create(
                    school=school, schema_version=body["schema_version"], academic_year=year, checksum=checksum,
                    body=body, status=Status.ACCEPTED, via_file=via_file, generated_at=generated_at,
                )  # fmt: skip
        except IntegrityError:  # the same package raced in: it is there once
            return IngestResult("unchanged", 200, "", ReceivedPackage.objects.get(
                school=school, checksum=checksum, status=Status.ACCEPTED))  # fmt: skip
        _flatten(school, package, body)
        if not via_file:
            MemberSchool.objects.filter(pk=school.pk).update(reported_name=body["organisation"]["short_name"][:300])
        agreement_on_new_roadmap(school, year, body["roadmap"]["checksum"])
    return IngestResult(Status.ACCEPTED, 200, "", package)
