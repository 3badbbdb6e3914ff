"""The rows of the pairs-and-groups table, built here as the banks' are (`bank_rows`): fifty rows through the
template language cost more than the rest of the page. The markup is the table's
(`templates/mentoring/groups/list.html` holds the rest)."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from ..choices import GroupStatus, MemberRole
from ..kinds import current_kind_profile
from ..russian.numbers import ru_date_numeric
from .table_rows import choice_labels, detail_urls


def _names(memberships, role) -> str:
    return format_html_join("", "{}<br>", ((m.person.short_name,) for m in memberships if m.role == role))


def group_rows_html(groups, *, year=None) -> str:
    """`year`: the staff's current year, to mark groups carried over from an earlier one (None: no marks)."""
    group_url = detail_urls("mentoring:group_detail")
    statuses, kind, forms = choice_labels(GroupStatus.choices), current_kind_profile(), {}

    def cells(g):
        if g.form not in forms:
            forms[g.form] = kind.form_label(g.form)
        carried = ""
        if year is not None and g.year_id != year.pk:
            carried = format_html(
                ' <span class="badge text-bg-info" data-carried>{}</span>',
                _("carried over from %(year)s") % {"year": g.year.title},
            )
        return (
            g.pk,
            group_url(g.pk),
            g.pk,
            _names(g.current_members, MemberRole.MENTOR),
            _names(g.current_members, MemberRole.MENTEE),
            forms[g.form],
            ru_date_numeric(g.planned_start),
            ru_date_numeric(g.planned_end),
            statuses.get(g.status, g.status),
            carried,
        )

    return format_html_join(
        "\n",
        '<tr data-group="{}">\n    <td><a href="{}">{}</a></td>\n    <td>{}</td>\n    <td>{}</td>\n'
        '    <td class="small">{}</td>\n    <td class="small text-nowrap">{} — {}</td>\n'
        '    <td><span class="badge text-bg-secondary">{}</span>{}</td>\n  </tr>',
        (cells(g) for g in groups),
    )
