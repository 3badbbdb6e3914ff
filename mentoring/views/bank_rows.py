"""The rows of the bank tables, built here: fifty rows of ten cells through the template language cost more
than everything else on the page. The markup is the table's (`templates/mentoring/banks/*.html` hold the rest)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import MenteeStatus, MentoringForm, MentorStatus, QualificationCategory
from ..russian.numbers import ru_date_numeric
from .table_rows import choice_labels, consent_badges, detail_urls


def _name_cell(e, extra: str, person_url):
    url = person_url(e.person_id)
    note = format_html(' <span class="text-muted small">{}</span>', extra) if extra else ""
    return format_html('<a href="{}">{}</a>{}', url, e.person.full_name, note)


def mentee_rows_html(entries) -> str:
    badge, person_url = consent_badges(), detail_urls("mentoring:person_detail")
    statuses, forms = choice_labels(MenteeStatus.choices), choice_labels(MentoringForm.choices)

    def cells(e):
        p = e.person
        representative = e.representative_name if p.category == "student" else ""
        carried = (
            format_html(
                ' <span class="badge text-bg-info" data-carried>{}</span>',
                _("carried over from %(year)s") % {"year": e.carried_from.year.title},
            )
            if e.carried_from
            else ""
        )
        directions = ""
        if e.requests:
            n = len(e.requests)
            text = ngettext("%(n)s direction", "%(n)s directions", n) % {"n": n}
            directions = format_html('<br><span class="text-muted">{}</span>', text)
        return (
            _name_cell(e, p.grade, person_url),
            format_html("{}<br>", representative) if representative else "",
            p.phone,
            p.email,
            p.birth_date.year if p.birth_date else "",
            e.request_text,
            directions,
            ru_date_numeric(e.entered_on),
            "; ".join(e.counterparts) or "—",
            e.group_form or forms.get(e.preferred_form, e.preferred_form),
            ru_date_numeric(e.group_ended_on),
            statuses.get(e.status, e.status),
            carried,
            badge(e.consent_state),
        )

    return format_html_join(
        "\n",
        '<tr><td>{}</td><td class="small">{}{} {}</td><td>{}</td><td class="small">{}{}</td><td>{}</td>'
        '<td class="small">{}</td><td class="small">{}</td><td>{}</td>'
        '<td><span class="badge text-bg-light">{}</span>{}</td><td>{}</td></tr>',
        (cells(e) for e in entries),
    )


def mentor_rows_html(entries) -> str:
    badge, person_url = consent_badges(), detail_urls("mentoring:person_detail")
    statuses, categories = choice_labels(MentorStatus.choices), choice_labels(QualificationCategory.choices)
    yes, no = _("yes"), _("no")

    def cells(e):
        p = e.person
        return (
            _name_cell(e, p.subject, person_url),
            p.phone,
            p.email,
            p.workplace,
            Truncator(e.competencies).chars(120),
            categories.get(e.qualification_category, e.qualification_category),
            p.career_start_year or "",
            format_html_join(mark_safe("<br>"), "{}", ((name,) for name in e.counterparts)),
            e.load,
            e.load,
            e.capacity,
            yes if e.training_completed else no,
            statuses.get(e.status, e.status),
            badge(e.consent_state),
        )

    return format_html_join(
        "\n",
        '<tr><td>{}</td><td class="small">{} {}</td><td class="small">{}</td><td class="small">{}</td>'
        '<td class="small">{}</td><td>{}</td><td class="small">{}</td><td data-load="{}">{} / {}</td><td>{}</td>'
        '<td><span class="badge text-bg-light">{}</span></td><td>{}</td></tr>',
        (cells(e) for e in entries),
    )


def waiting_items_html(entries) -> str:
    """The mentee bank's «still without a mentor» list."""
    statuses, since = choice_labels(MenteeStatus.choices), _("since %(day)s")
    person_url = detail_urls("mentoring:person_detail")
    return format_html_join(
        "",
        '<li><a href="{}">{}</a> — {}, {}</li>',
        (
            (
                person_url(e.person_id),
                e.person.full_name,
                statuses.get(e.status, e.status),
                since % {"day": ru_date_numeric(e.entered_on)},
            )
            for e in entries
        ),
    )
