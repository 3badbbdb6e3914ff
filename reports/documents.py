"""The registry of document kinds: what each prints, from which template and data, and who may have it.

A kind is split into parts (one per person for the bulk consent forms), rendered one by one so the job page can
show progress. Other apps' contexts are imported when a document is rendered, so a missing optional app piece
turns into a readable error on the job, not an import error at start-up.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mentoring.choices import Role
from mentoring.permissions import STAFF_ROLES, user_has_role

MEMBER_ROLES = (Role.MENTOR, Role.MENTEE)


@dataclass(frozen=True)
class DocumentKind:
    code: str
    template: str
    title: Callable[[dict], str]
    clean: Callable[[dict], dict]
    parts: Callable[[dict], list]
    context: Callable[[dict, object], dict]
    may_request: Callable[[object, dict], bool]
    # Roles that may open a job someone else requested (the requester always may, while may_request holds).
    shared_with: tuple = field(default=(Role.CURATOR,))
    stored_pdf: Callable[[dict], bytes | None] | None = None
    stored_docx: Callable[[dict], bytes | None] | None = None
    # The body text size of the Word copy (the HTML sets the PDF's): 14 pt for orders and forms (GOST).
    docx_base_size: float = 14
    # A large PDF job is split into chunk tasks (services.chunks). A chunk does not know on which page of the whole
    # it starts, so its parts get `page_offset=None`; a kind whose numbers run on across parts names here the
    # template of blank pages carrying only the numbers (context: `pages`), laid over the merged PDF.
    chunked: bool = False
    page_numbers_template: str = ""
    # A kind printing one object: the job loads it once and hands it to `stored_*` and, as its only part, to
    # `context` (instead of the parameters and the part's id).
    load: Callable[[dict], object] | None = None

    def stored(self, params: dict, fmt: str, target=None) -> bytes | None:
        """The frozen file of an approved document in this format, when it has one (never re-rendered)."""
        getter = self.stored_docx if fmt == "docx" else self.stored_pdf
        if getter is None:
            return None
        return getter(params if self.load is None else target)


REGISTRY: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    REGISTRY[kind.code] = kind
    return kind


def get_kind(code: str) -> DocumentKind:
    try:
        return REGISTRY[code]
    except KeyError:
        raise LookupError(code) from None


def int_param(value, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("The document request lacks a valid %(name)s.") % {"name": name}) from None
    if number <= 0:
        raise ValidationError(_("The document request lacks a valid %(name)s.") % {"name": name})
    return number


def _staff(user, params) -> bool:
    return user_has_role(user, *STAFF_ROLES)


def _single(params) -> list:
    return [params.get("target_id") or params.get("year_id")]


# --- order ------------------------------------------------------------------------------------------------------


def _order_clean(params):
    # Whether the order exists is checked by the title, which loads it anyway.
    return {"target_id": int_param(params.get("target_id"), "target_id")}


def _order_title(params):
    from .models import Order

    order = Order.objects.filter(pk=params["target_id"]).first()
    if order is None:
        raise ValidationError(_("No such order."))
    return _("Order: %(title)s") % {"title": order}


def _order_load(params):
    from .models import Order

    return Order.objects.select_related("year", "appointee").get(pk=params["target_id"])


def _order_context(params, order):
    from .selectors import order_document_context

    return order_document_context(order)


def _order_stored(order):
    """An approved order is printed from its stored PDF, never re-rendered."""
    _refuse_while_preparing(order)
    if order.is_frozen and order.pdf:
        with order.pdf.open("rb") as handle:
            return handle.read()
    return None


def _refuse_while_preparing(order):
    """An approved order is printed only from its frozen files, which are attached after the approval commits."""
    if order.is_frozen and not order.pdf:
        raise ValidationError(_("The PDF of this order is still being prepared. Request it again in a minute."))


def _order_stored_docx(order):
    """An approved order's Word copy is frozen like its PDF (stored on approval, from the frozen data)."""
    from .services.orders import order_docx_bytes

    _refuse_while_preparing(order)
    return order_docx_bytes(order) if order.is_frozen else None


def _order_readers(user, params):
    return user_has_role(user, Role.CURATOR, Role.DIRECTOR, Role.METHODICAL_COUNCIL)


register(
    DocumentKind(
        code="order",
        template="documents/order.html",
        title=_order_title,
        clean=_order_clean,
        parts=_single,
        context=_order_context,
        load=_order_load,
        may_request=_order_readers,
        shared_with=(Role.CURATOR, Role.DIRECTOR),
        stored_pdf=_order_stored,
        stored_docx=_order_stored_docx,
    )
)


# --- blank questionnaire ------------------------------------------------------------------------------------------


def _questionnaire_clean(params):
    from mentoring.models import Questionnaire

    pk = int_param(params.get("target_id"), "target_id")
    if not Questionnaire.objects.filter(pk=pk).exists():
        raise ValidationError(_("No such questionnaire."))
    return {"target_id": pk}


def _questionnaire_title(params):
    from mentoring.models import Questionnaire

    return _("Blank questionnaire: %(title)s") % {"title": Questionnaire.objects.get(pk=params["target_id"]).title}


def _questionnaire_context(params, part):
    from .selectors import questionnaire_blank_context

    return questionnaire_blank_context(part)


def _questionnaire_may_request(user, params):
    """Blanks carry no personal data: staff, and mentors or mentees for questionnaires meant for them."""
    from mentoring.models import Questionnaire

    if user_has_role(user, *STAFF_ROLES):
        return True
    audience = Questionnaire.objects.filter(pk=params["target_id"]).values_list("audience", flat=True).first()
    allowed = {"mentor": (Role.MENTOR,), "mentee": (Role.MENTEE,), "any": MEMBER_ROLES}.get(audience, ())
    return user_has_role(user, *allowed)


register(
    DocumentKind(
        code="questionnaire_blank",
        template="documents/questionnaire_blank.html",
        title=_questionnaire_title,
        clean=_questionnaire_clean,
        parts=_single,
        context=_questionnaire_context,
        may_request=_questionnaire_may_request,
        shared_with=STAFF_ROLES,
    )
)


# --- memo ---------------------------------------------------------------------------------------------------------


def _memo_clean(params):
    from .models import Memo

    pk = int_param(params.get("target_id"), "target_id")
    if not Memo.objects.filter(pk=pk).exists():
        raise ValidationError(_("No such memo."))
    return {"target_id": pk}


def _memo_title(params):
    from .models import Memo

    return _("Memo: %(title)s") % {"title": Memo.objects.get(pk=params["target_id"]).title}


def _memo_context(params, part):
    from mentoring.selectors import organisation

    from .models import Memo

    return {"organisation": organisation(), "memo": Memo.objects.get(pk=part)}


def _memo_may_request(user, params):
    """The mentor's memo is addressed to mentors, the mentee's to mentees; staff and the site's editors print any."""
    from .models import Memo

    if user_has_role(user, *STAFF_ROLES, Role.SITE_EDITOR):
        return True
    audience = Memo.objects.filter(pk=params["target_id"]).values_list("audience", flat=True).first()
    allowed = {"mentors": (Role.MENTOR,), "mentees": (Role.MENTEE,)}.get(audience, ())
    return user_has_role(user, *allowed)


register(
    DocumentKind(
        code="memo",
        template="documents/memo.html",
        title=_memo_title,
        clean=_memo_clean,
        parts=_single,
        context=_memo_context,
        may_request=_memo_may_request,
        shared_with=STAFF_ROLES,
    )
)


# --- personalised programme (template and context by the programmes app) -----------------------------------------


def _programme_clean(params):
    from programmes.models import Programme

    pk = int_param(params.get("target_id"), "target_id")
    if not Programme.objects.filter(pk=pk).exists():
        raise ValidationError(_("No such programme."))
    return {"target_id": pk}


def _programme_title(params):
    from programmes.models import Programme

    return _("Programme: %(title)s") % {"title": Programme.objects.get(pk=params["target_id"]).title}


def _programme_context(params, part):
    from programmes.models import Programme
    from programmes.selectors import programme_document_context

    return programme_document_context(Programme.objects.get(pk=part))


def _programme_may_request(user, params):
    """Staff, and the members of the programme's own pair or group."""
    from mentoring.selectors import groups_for_user
    from programmes.models import Programme

    if user_has_role(user, *STAFF_ROLES):
        return True
    group_id = Programme.objects.filter(pk=params["target_id"]).values_list("group_id", flat=True).first()
    return user.is_authenticated and groups_for_user(user).filter(pk=group_id).exists()


register(
    DocumentKind(
        code="programme",
        template="documents/programme.html",
        title=_programme_title,
        clean=_programme_clean,
        parts=_single,
        context=_programme_context,
        may_request=_programme_may_request,
        shared_with=STAFF_ROLES,
    )
)


# --- roadmap (template and context by the roadmap app) ------------------------------------------------------------


def clean_year_params(params):
    """`year_id` (or `target_id`) of an existing academic year; the current year when none is given."""
    from mentoring.models import AcademicYear
    from mentoring.selectors import current_year

    if params.get("year_id") or params.get("target_id"):
        pk = int_param(params.get("year_id") or params.get("target_id"), "year_id")
        if not AcademicYear.objects.filter(pk=pk).exists():
            raise ValidationError(_("No such academic year."))
        return {"year_id": pk}
    year = current_year()
    if year is None:
        raise ValidationError(_("No current academic year is set."))
    return {"year_id": year.pk}


def _roadmap_title(params):
    from mentoring.models import AcademicYear

    return _("Roadmap for %(year)s") % {"year": AcademicYear.objects.get(pk=params["year_id"])}


def _roadmap_context(params, part):
    from mentoring.models import AcademicYear
    from roadmap.selectors import roadmap_document_context

    return roadmap_document_context(AcademicYear.objects.get(pk=part))


register(
    DocumentKind(
        code="roadmap",
        template="documents/roadmap.html",
        title=_roadmap_title,
        clean=clean_year_params,
        parts=_single,
        context=_roadmap_context,
        may_request=_staff,
        shared_with=STAFF_ROLES,
    )
)


# --- kinds registered by their own modules, imported here so the registry is complete ---------------------------

from . import documents_consent as _consent_forms  # noqa: E402,F401 — consent forms of a person, a class, a bank
from . import documents_invitations as _invitation_sheets  # noqa: E402,F401 — printed invitations (accounts)
from .monitoring import document as _annual_report  # noqa: E402,F401
