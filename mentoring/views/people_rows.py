"""The rows of the people table, built here as the banks' are (`bank_rows`; shared parts in `table_rows`): fifty
rows through the template language, each with an included consent badge, cost more than the rest of the page. The
markup is the table's (`templates/mentoring/people/list.html` holds the rest)."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from ..choices import MenteeStatus, MentorStatus
from ..russian.numbers import ru_date_numeric
from .table_rows import consent_badges, detail_urls


def people_rows_html(people) -> str:
    """`people`: the page's people, each with `consent_state` set (views.people) and the list's annotations."""
    badge, person_url = consent_badges(), detail_urls("mentoring:person_detail")
    until = _("until")
    mentor = format_html('<span class="badge text-bg-info">{}</span>', _("mentor"))
    mentee = format_html('<span class="badge text-bg-primary">{}</span>', _("mentee"))

    def cells(p):
        valid = ""
        if p.consent_valid_until:
            day = ru_date_numeric(p.consent_valid_until)
            valid = format_html(' <span class="small text-muted">{} {}</span>', until, day)
        in_mentors = p.mentor_status and p.mentor_status != MentorStatus.LEFT
        in_mentees = p.mentee_status and p.mentee_status != MenteeStatus.LEFT
        return (
            person_url(p.pk),
            p.full_name,
            p.category_label,
            p.grade or p.position or "",
            p.subject,
            badge(p.consent_state),  # rendered once a state by the template engine (safe)
            valid,
            mentor if in_mentors else "",
            mentee if in_mentees else "",
        )

    return format_html_join(
        "\n",
        '<tr>\n      <td><a href="{}">{}</a></td>\n      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n'
        '      <td>{}{}</td>\n      <td class="small">{}\n        {}</td>\n    </tr>',
        (cells(p) for p in people),
    )
