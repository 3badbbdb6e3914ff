"""Orders in the browser: the register, preparation by the curator, approval or return by the director."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentoring.choices import Role
from mentoring.downloads import bytes_download, file_download
from mentoring.filters import query_id
from mentoring.forms import add_service_errors
from mentoring.models import AcademicYear
from mentoring.permissions import role_required, user_has_role
from mentoring.selectors import current_year, replacements_awaiting_order

from ..forms import OrderCreateForm, OrderPeopleNotesForm, OrderReturnForm, OrderTextForm
from ..models import DocumentFormat, Order, OrderType
from ..models.documents import CONTENT_TYPES
from ..pdf import html_to_pdf, render_html
from ..public.selectors import order_publication_blockers
from ..selectors import ORDER_READERS, order_document_context, order_for_user, orders_register, proposed_groups
from ..services import order_approve, order_create, order_return, order_set_public, order_submit, order_update
from ..services.order_pdf import order_pdf_retry
from ..services.orders import order_docx_bytes


@role_required(*ORDER_READERS)
def order_list(request):
    pk = query_id(request.GET, "year")
    year = get_object_or_404(AcademicYear, pk=pk) if pk else current_year()
    orders = orders_register(year) if year else Order.objects.none()
    return render(
        request,
        "reports/order_list.html",
        {"year": year, "years": AcademicYear.objects.all(), "orders": orders, "types": OrderType.choices},
    )


@role_required(Role.CURATOR)
def order_new(request, order_type):
    if order_type not in OrderType.values:
        raise Http404
    year = current_year()
    if year is None:
        messages.error(request, _("No current academic year is set."))
        return redirect("reports:order_list")
    form = OrderCreateForm(
        request.POST or None,
        order_type=order_type,
        groups_queryset=proposed_groups(year),
        replacements_queryset=replacements_awaiting_order(year),
    )
    if request.method == "POST" and form.is_valid():
        try:
            order = order_create(
                year=year,
                order_type=order_type,
                created_by=request.user,
                groups=form.cleaned_data.get("groups") or [],
                replacements=form.cleaned_data.get("replacements") or [],
                people=form.people_with_notes(),
                appointee=form.cleaned_data.get("appointee"),
                event_date=form.cleaned_data.get("event_date"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("reports:order_edit", pk=order.pk)
    return render(
        request,
        "reports/order_new.html",
        {"form": form, "order_type": order_type, "type_label": OrderType(order_type).label, "year": year},
    )


@role_required(*ORDER_READERS)
def order_detail(request, pk):
    order = order_for_user(request.user, pk)
    return render(
        request,
        "reports/order_detail.html",
        {
            "order": order,
            "context": order_document_context(order),
            "events": order.events.select_related("actor"),
            "return_form": OrderReturnForm(),
            "can_edit": user_has_role(request.user, Role.CURATOR) and order.is_editable,
            "can_decide": user_has_role(request.user, Role.DIRECTOR) and order.status == Order.Status.SUBMITTED,
            "can_retry_pdf": user_has_role(request.user, Role.CURATOR, Role.DIRECTOR),
            "publication_blockers": order_publication_blockers(order) if order.is_frozen else [],
        },
    )


@role_required(Role.CURATOR)
def order_edit(request, pk):
    order = order_for_user(request.user, pk)
    if not order.is_editable:
        raise PermissionDenied  # an approved (frozen) or submitted order is not edited
    form = OrderTextForm(request.POST or None, instance=order)
    groups_form = None
    if order.order_type == OrderType.PAIRING:
        groups_qs = proposed_groups(order.year) | order.groups.all()
        groups_form = OrderCreateForm(
            request.POST or None,
            order_type=OrderType.PAIRING,
            groups_queryset=groups_qs.distinct(),
            selected_groups=order.groups.all(),
            replacements_queryset=(replacements_awaiting_order(order.year) | order.replacements.all()).distinct(),
            selected_replacements=order.replacements.all(),
        )
    people_form = None
    if order.order_type in (OrderType.REWARD, OrderType.FINAL_EVENT) and order.people.exists():
        people_form = OrderPeopleNotesForm(
            request.POST or None, order_people=order.people.select_related("person").order_by("pk")
        )
    edits_before = order.events.filter(action="edited").count()
    subforms_valid = all(f is None or f.is_valid() for f in (groups_form, people_form))
    if request.method == "POST" and form.is_valid() and subforms_valid:
        fields = {name: form.cleaned_data[name] for name in form.fields}
        groups = groups_form.cleaned_data["groups"] if groups_form else None
        replacements = groups_form.cleaned_data["replacements"] if groups_form else None
        people = people_form.people_with_notes() if people_form else None
        try:
            order_update(
                order=order, user=request.user, groups=groups, replacements=replacements, people=people, **fields
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            changed = Order.objects.filter(pk=order.pk, events__action="edited").count() > edits_before
            messages.success(request, _("The order is saved.") if changed else _("Nothing was changed."))
            return redirect("reports:order_detail", pk=order.pk)
    return render(
        request,
        "reports/order_edit.html",
        {"order": order, "form": form, "groups_form": groups_form, "people_form": people_form},
    )


def _act(request, pk, action, roles, done, **kwargs):
    """Run an order action and say what happened: `done(order)` is the confirmation shown after it."""
    if not user_has_role(request.user, *roles):
        raise PermissionDenied
    order = order_for_user(request.user, pk)
    try:
        order = action(order=order, user=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done(order))
    return redirect("reports:order_detail", pk=order.pk)


@require_POST
@role_required(Role.CURATOR)
def order_submit_view(request, pk):
    return _act(
        request, pk, order_submit, (Role.CURATOR,), lambda o: _("The order is sent to the director for approval.")
    )


@require_POST
@role_required(Role.DIRECTOR)
def order_approve_view(request, pk):
    return _act(
        request,
        pk,
        order_approve,
        (Role.DIRECTOR,),
        lambda o: (
            _("The order is approved and registered: no. %(number)s of %(date)s. Its PDF is being prepared.")
            % {"number": o.number_label, "date": f"{o.date:%d.%m.%Y}"}
        ),
    )


@require_POST
@role_required(Role.CURATOR, Role.DIRECTOR)
def order_pdf_retry_view(request, pk):
    return _act(
        request,
        pk,
        order_pdf_retry,
        (Role.CURATOR, Role.DIRECTOR),
        lambda o: _("The PDF of the order is being prepared again."),
    )


def _preparing(request, order):
    """An approved order whose frozen PDF is not attached yet: a page that says so and refreshes, never a 404."""
    return render(
        request,
        "reports/order_pdf_pending.html",
        {"order": order, "can_retry": user_has_role(request.user, Role.CURATOR, Role.DIRECTOR)},
        status=202 if order.pdf_pending else 200,
    )


@require_POST
@role_required(Role.DIRECTOR)
def order_return_view(request, pk):
    form = OrderReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        order_return,
        (Role.DIRECTOR,),
        lambda o: _("The order is returned to the curator with your comment."),
        comment=comment,
    )


@require_POST
@role_required(Role.DIRECTOR)
def order_publish_view(request, pk):
    return _act(
        request,
        pk,
        order_set_public,
        (Role.DIRECTOR,),
        lambda o: (
            _("The order is published in the documents of the school site.")
            if o.is_public
            else _("The order is removed from the school site.")
        ),
        is_public=request.POST.get("is_public") == "1",
    )


@role_required(*ORDER_READERS)
def order_preview(request, pk):
    """The PDF as it will print: an approved order's stored file, otherwise rendered now as a draft."""
    order = order_for_user(request.user, pk)
    if order.is_frozen and not order.pdf:
        return _preparing(request, order)
    if order.is_frozen:
        return file_download(order.pdf, order.download_name(), "application/pdf", inline=True)
    pdf = html_to_pdf(render_html("documents/order.html", order_document_context(order)))
    return bytes_download(pdf, order.download_name(), "application/pdf", inline=True)


@role_required(*ORDER_READERS)
def order_docx(request, pk):
    """The order as an editable Word file: an approved order's stored copy, otherwise the draft rendered now."""
    order = order_for_user(request.user, pk)
    if order.is_frozen and not order.pdf:
        return _preparing(request, order)
    name = order.download_name().removesuffix(".pdf") + ".docx"
    return bytes_download(order_docx_bytes(order), name, CONTENT_TYPES[DocumentFormat.DOCX])


@role_required(Role.CURATOR, Role.DIRECTOR)
def order_download(request, pk):
    """Printing an approved order = downloading its stored PDF; nothing is rendered again."""
    order = order_for_user(request.user, pk)
    if not order.is_frozen:
        raise Http404
    if not order.pdf:
        return _preparing(request, order)
    return file_download(order.pdf, order.download_name(), "application/pdf")
