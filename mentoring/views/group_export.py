"""The export of the year's pairs and groups (XLSX, CSV): a row a group, every cell neutralised."""


import tablib
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import GroupStatus, MemberRole, MentoringType
from ..downloads import bytes_download, safe_filename
from ..models import GroupMembership, MentoringGroup
from ..permissions import STAFF_ROLES, role_required
from ..resources import neutralise
from ..russian.numbers import ru_date_numeric
from ..selectors import current_year, groups_with_members
from ..signals import record_access
from .groups import programme_of
from .people import EXPORT_TYPES


def _names(memberships, role) -> str:
    return "; ".join(m.person.full_name for m in memberships if m.role == role)


def groups_dataset(groups) -> tablib.Dataset:
    """The export's rows: one a group; every cell neutralised against formula injection."""
    data = tablib.Dataset(
        headers=[
            _("No."),
            _("Mentor"),
            _("Mentees"),
            _("Form of mentoring"),
            _("Types of mentoring"),
            _("Planned start"),
            _("Planned end"),
            _("Approved on"),
            _("Ended on"),
            _("Status"),
            _("Programme"),
        ]
    )
    for g in groups:
        programme = programme_of(g)
        row = [
            g.pk,
            _names(g.current_members, MemberRole.MENTOR),
            _names(g.current_members, MemberRole.MENTEE),
            g.form_label,
            ", ".join(str(MentoringType(t).label) for t in g.types if t in MentoringType.values),
            ru_date_numeric(g.planned_start),
            ru_date_numeric(g.planned_end),
            ru_date_numeric(g.approved_on),
            ru_date_numeric(g.ended_on),
            g.get_status_display(),
            str(programme) if programme else "",
        ]
        data.append([neutralise(v) for v in row])
    return data


@role_required(*STAFF_ROLES)
def group_export(request, fmt):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    year = current_year()
    qs = MentoringGroup.objects.all() if year is None else MentoringGroup.objects.of_year(year)
    status = request.GET.get("status", "")
    if status in GroupStatus.values:
        qs = qs.filter(status=status)
    qs = groups_with_members(qs).order_by("pk")
    data = groups_dataset(qs)
    members = GroupMembership.objects.filter(group__in=qs).values_list("person_id", flat=True).distinct()
    record_access(request, "export_groups", people=members, target=request.GET.urlencode()[:300])
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    filename = safe_filename(_("Pairs and groups"), stamp, ext=fmt)
    if fmt == "xlsx":
        return bytes_download(data.export("xlsx"), filename, EXPORT_TYPES["xlsx"])
    return bytes_download(("\ufeff" + data.export("csv")).encode("utf-8"), filename, EXPORT_TYPES["csv"])
