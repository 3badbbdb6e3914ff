"""The pairing board (roadmap stage 5): ranked mentors for a waiting mentee, the whole-pool proposal kept as a
draft in the session until the curator accepts it, and the list of mentees still without a pair."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..choices import Direction, MenteeStatus, Role
from ..forms_groups import SupportForm, default_period
from ..matching import (
    default_form,
    default_types,
    greedy_assignment,
    match_weights,
    proposal_total,
    propose_assignment,
    rank_mentors_top,
    score,
    score_matrix,
    top_options,
)
from ..models import MenteeProfile, Person
from ..page_cache import cached_page
from ..permissions import role_required, user_has_role
from ..selectors import current_year
from ..selectors_pairing import pairing_mentees, pairing_mentors
from ..services.groups import group_propose
from ..services.membership import mentee_support_record

BOARD_ROLES = (Role.CURATOR, Role.METHODICAL_COUNCIL)  # the council helps to pair people: it reads the board
DRAFT_KEY = "pairing_draft"
PAGE_SIZE = 50
OPTIONS = 15  # mentors offered in each line of the draft
DRAFT_PAGE = 50  # lines of the draft per page
TOP = 10  # suggestions and excluded mentors shown at first; ten more at a time by a plain link («?shown=20»)


def _no_year(request):
    return render(request, "mentoring/pairing/no_year.html", status=200)


def _requests_labels(mentee) -> list[str]:
    return [str(Direction(v).label) for v in sorted(mentee.requests) if v in Direction.values]


@role_required(*BOARD_ROLES)
@cached_page("pairing-board")
def board(request):
    year = current_year()
    if year is None:
        return _no_year(request)
    today = timezone.localdate()
    mentees, mentors = pairing_mentees(year), pairing_mentors(year)
    by_id = {m.person_id: m for m in mentees}
    selected = by_id.get(_int(request.GET.get("mentee"))) or (mentees[0] if mentees else None)
    shown = max(TOP, min(_int(request.GET.get("shown")) or TOP, len(mentors)))
    ranking = rank_mentors_top(selected, mentors, shown) if selected else None
    page = Paginator(mentees, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/pairing/board.html",
        {
            "year": year,
            "page": page,
            "rows_html": _waiting_html(page, selected, today),
            "selected": selected,
            "selected_requests": _requests_labels(selected) if selected else [],
            "suggestions": ranking.suggestions if ranking else [],
            "excluded": ranking.excluded if ranking else [],
            "suggestions_count": ranking.suggestions_count if ranking else 0,
            "excluded_count": ranking.excluded_count if ranking else 0,
            "shown": shown,
            "first_shown": TOP,
            "next_shown": shown + TOP,
            "more_suggestions": ranking and max(0, min(TOP, ranking.suggestions_count - shown)),
            "more_excluded": ranking and max(0, min(TOP, ranking.excluded_count - shown)),
            "mentor_count": len(mentors),
            "free_places": sum(m.free for m in mentors if m.has_consent),
            "can_manage": user_has_role(request.user, Role.CURATOR),
            "has_draft": bool(request.session.get(DRAFT_KEY)),
        },
    )


def _waiting_html(page, selected, today) -> str:
    """The board's list of waiting mentees, built here: fifty rows through the template language (with a
    plural per row) cost more than the rest of the page."""
    selected_id = selected.person_id if selected else None
    page_query = f"&page={page.number}" if page.number > 1 else ""
    supported, no_consent = _("supported"), _("no valid consent")

    def row(m):
        days = m.days_waiting(today) or 0
        notes = format_html(
            "{}{}{}",
            m.grade or m.subject,
            f" · {supported}" if m.status == MenteeStatus.SUPPORTED else "",
            format_html(" · <strong>{}</strong>", no_consent) if not m.has_consent else "",
        )
        return (
            f"?mentee={m.person_id}{page_query}",
            m.person_id,
            mark_safe(' active" aria-current="true') if m.person_id == selected_id else "",
            m.name,
            ngettext("%(days)s day", "%(days)s days", days) % {"days": days},
            notes,
        )

    return format_html_join(
        "\n",
        '<a href="{}" data-mentee="{}" class="list-group-item list-group-item-action{}">'
        '<div class="d-flex justify-content-between"><span>{}</span><span class="small">{}</span></div>'
        '<div class="small">{}</div></a>',
        (row(m) for m in page),
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _propose_pair(request, year, mentor, mentee) -> bool:
    """One pair with the defaults the draft and the board's one-click button use; errors become messages."""
    people = Person.objects.in_bulk([mentor.person_id, mentee.person_id])
    start, end = default_period(year)
    try:
        group = group_propose(
            year=year,
            mentors=[people[mentor.person_id]],
            mentees=[people[mentee.person_id]],
            form=default_form(mentor, mentee),
            types=default_types(mentor, mentee),
            planned_start=start,
            planned_end=end,
            created_by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, f"{mentee.name}: {' '.join(exc.messages)}")
        return False
    messages.success(
        request,
        _("Proposed: %(mentor)s — %(mentee)s (%(group)s). It awaits the director's pairing order.")
        % {"mentor": mentor.name, "mentee": mentee.name, "group": group},
    )
    return True


@role_required(Role.CURATOR)
@require_POST
def pair_create(request):
    """The board's «Propose this pair» button."""
    year = current_year()
    if year is None:
        return _no_year(request)
    mentee = {m.person_id: m for m in pairing_mentees(year)}.get(_int(request.POST.get("mentee")))
    mentor = {m.person_id: m for m in pairing_mentors(year)}.get(_int(request.POST.get("mentor")))
    if mentee is None or mentor is None:
        messages.error(request, _("This mentee or mentor is no longer available for pairing."))
        return redirect("mentoring:pairing_board")
    _propose_pair(request, year, mentor, mentee)
    return redirect("mentoring:pairing_board")


@role_required(Role.CURATOR)
@require_POST
def pool_propose(request):
    """Compute the whole-pool proposal and keep it as a draft in the session: nothing is saved yet."""
    year = current_year()
    if year is None:
        return _no_year(request)
    mentees, mentors = pairing_mentees(year), pairing_mentors(year)
    weights = match_weights()
    scores = score_matrix(mentees, mentors, weights=weights)  # scored once: the assignment and the choice lists
    lines = propose_assignment(mentees, mentors, weights=weights, scores=scores)
    options = top_options(scores, mentors, OPTIONS) if mentees else []
    request.session[DRAFT_KEY] = {
        "year": year.pk,
        "lines": [[line.mentee.person_id, line.mentor.person_id if line.mentor else None] for line in lines],
        "options": {str(line.mentee.person_id): opts for line, opts in zip(lines, options, strict=True)},
        "total": proposal_total(lines),
    }
    return redirect("mentoring:pool_draft")


@role_required(*BOARD_ROLES)
def pool_draft(request):
    year = current_year()
    draft = request.session.get(DRAFT_KEY)
    if year is None or not draft or draft.get("year") != year.pk:
        messages.info(request, _("There is no proposal yet: press «Propose for everyone» on the board."))
        return redirect("mentoring:pairing_board")
    mentees = {m.person_id: m for m in pairing_mentees(year)}
    mentors = pairing_mentors(year)
    mentor_by_id = {m.person_id: m for m in mentors}
    weights = match_weights()
    live = [line for line in draft["lines"] if line[0] in mentees]  # others were paired meanwhile, or left the bank
    gone = len(draft["lines"]) - len(live)
    page = Paginator(live, DRAFT_PAGE).get_page(request.GET.get("page"))
    stored = draft.get("options") or {}
    rows = []
    for mentee_id, mentor_id in page:
        mentee = mentees[mentee_id]
        mentor = mentor_by_id.get(mentor_id)
        if str(mentee_id) in stored:  # the scores the proposal computed: nobody is scored again
            options = [(mentor_by_id[m], s) for m, s in stored[str(mentee_id)] if m in mentor_by_id]
        else:
            scored = ((m, score(m, mentee, weights=weights, explain=False)) for m in mentors)
            options = sorted(((m, s.total) for m, s in scored if not s.excluded), key=lambda o: (-o[1], o[0].name))
            options = options[:OPTIONS]
        if mentor is not None and all(m.person_id != mentor.person_id for m, _s in options):
            options.insert(0, (mentor, score(mentor, mentee, weights=weights, explain=False).total))
        rows.append(
            {
                "mentee": mentee,
                "mentor": mentor,
                "options_html": _options_html(options, mentor),
                "match": score(mentor, mentee, weights=weights) if mentor else None,
                "options": options,
            }
        )
    return render(
        request,
        "mentoring/pairing/pool.html",
        {
            "year": year,
            "rows": rows,
            "page": page,
            "lines": len(live),
            "gone": gone,
            "proposed": sum(1 for _mentee, mentor in live if mentor),
            "total": draft.get("total"),
            "greedy_total": _baseline(year) if request.GET.get("baseline") == "1" else None,
            "can_manage": user_has_role(request.user, Role.CURATOR),
        },
    )


def _options_html(options, chosen) -> str:
    """The <option>s of a draft line, built here: 750 options a page through the template language (and its
    `floatformat`) cost more than the whole proposal."""
    chosen_id = chosen.person_id if chosen else None
    point = get_format("DECIMAL_SEPARATOR")

    def number(value: float) -> str:  # as floatformat:"-1": one decimal, none for a whole number
        text = f"{value:.1f}"
        return (text[:-2] if text.endswith(".0") else text).replace(".", point)

    return format_html_join(
        "",
        '<option value="{}"{}>{} ({})</option>',
        ((m.person_id, " selected" if m.person_id == chosen_id else "", m.name, number(s)) for m, s in options),
    )


def _baseline(year) -> float:
    """Best-first picking's total, for comparison: computed only when the curator asks for it."""
    mentees, mentors = pairing_mentees(year), pairing_mentors(year)
    return proposal_total(greedy_assignment(mentees, mentors, weights=match_weights()))


@role_required(Role.CURATOR)
@require_POST
def pool_apply(request):
    """Save the curator's edits to the draft, accept the ticked lines (they become proposed pairs), or discard."""
    year = current_year()
    draft = request.session.get(DRAFT_KEY)
    if year is None or not draft or draft.get("year") != year.pk:
        return redirect("mentoring:pairing_board")
    if request.POST.get("action") == "discard":
        request.session.pop(DRAFT_KEY, None)
        messages.info(request, _("The proposal was discarded; nothing was saved."))
        return redirect("mentoring:pairing_board")
    lines = []
    for mentee_id, mentor_id in draft["lines"]:
        if request.POST.get(f"drop_{mentee_id}"):
            continue
        chosen = request.POST.get(f"mentor_{mentee_id}")
        lines.append([mentee_id, _int(chosen) if chosen is not None else mentor_id])
    accepted = 0
    if request.POST.get("action") == "accept":
        ticked = {_int(v) for v in request.POST.getlist("accept")}
        mentees = {m.person_id: m for m in pairing_mentees(year)}
        mentors = {m.person_id: m for m in pairing_mentors(year)}
        remaining = []
        for mentee_id, mentor_id in lines:
            mentee, mentor = mentees.get(mentee_id), mentors.get(mentor_id)
            if mentee_id in ticked and mentee and mentor and _propose_pair(request, year, mentor, mentee):
                accepted += 1
                mentors = {m.person_id: m for m in pairing_mentors(year)}  # loads changed
                continue
            remaining.append([mentee_id, mentor_id])
        lines = remaining
    draft["lines"] = lines
    request.session[DRAFT_KEY] = draft
    if accepted:
        messages.success(request, _("Pairs proposed from the draft: %(n)s.") % {"n": accepted})
    elif request.POST.get("action") != "accept":
        messages.info(request, _("The draft was updated; nothing is saved until you accept lines."))
    page = _int(request.POST.get("page"))
    return redirect(reverse("mentoring:pool_draft") + (f"?page={page}" if page and page > 1 else ""))


@role_required(*BOARD_ROLES)
def waiting(request):
    """Mentees without a pair, the support they get meanwhile and how long they have waited (stage 5)."""
    year = current_year()
    if year is None:
        return _no_year(request)
    today = timezone.localdate()
    mentees = pairing_mentees(year)
    mentees.sort(key=lambda m: (m.entered_on or today, m.name))
    return render(
        request,
        "mentoring/pairing/waiting.html",
        {
            "year": year,
            "rows": [(m, m.days_waiting(today), m.support_notes.splitlines()) for m in mentees],
            "form": SupportForm(),
            "can_manage": user_has_role(request.user, Role.CURATOR),
        },
    )


@role_required(Role.CURATOR)
@require_POST
def support_add(request, pk):
    profile = get_object_or_404(MenteeProfile.objects.select_related("person"), pk=pk)
    form = SupportForm(request.POST)
    if form.is_valid():
        try:
            mentee_support_record(profile=profile, note=form.cleaned_data["note"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Support noted for %(name)s.") % {"name": profile.person})
    else:
        messages.error(request, _("Describe the support given."))
    return redirect(reverse("mentoring:pairing_waiting") + f"#mentee-{profile.pk}")
