"""Editing of the public section for the site editor and the curator (cases and documents: curator too)."""

import mimetypes
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mentoring.choices import Role
from mentoring.filters import query_id
from mentoring.models import MentoringGroup
from mentoring.permissions import role_required, user_has_role

from ..models import Case, Memo, NewsItem, PublicDocument, SitePage
from . import forms, selectors, services

EDITOR_ROLES = (Role.CURATOR, Role.SITE_EDITOR)


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    title: str
    roles: tuple = EDITOR_ROLES


# Cases publish programme results: the curator's decision (Regulation §8.2).
KINDS = {
    "news": Kind(NewsItem, forms.NewsForm, gettext_lazy("News and announcements")),
    "page": Kind(SitePage, forms.PageForm, gettext_lazy("Pages")),
    "memo": Kind(Memo, forms.MemoForm, gettext_lazy("Memos")),
    "document": Kind(PublicDocument, forms.DocumentForm, gettext_lazy("Documents")),
    "case": Kind(Case, forms.CaseForm, gettext_lazy("Cases (best practices)"), roles=(Role.CURATOR,)),
}


def _kind_for(request, kind: str) -> Kind:
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404
    if not user_has_role(request.user, *spec.roles):
        raise PermissionDenied
    return spec


@role_required(*EDITOR_ROLES)
def dashboard(request):
    sections = [
        (code, spec, spec.model.objects.order_by("-updated_at")[:50])
        for code, spec in KINDS.items()
        if user_has_role(request.user, *spec.roles)
    ]
    candidates = selectors.completed_groups_without_case() if user_has_role(request.user, Role.CURATOR) else []
    return render(request, "public/edit/dashboard.html", {"sections": sections, "candidates": candidates})


def _initial(obj, kind: str) -> dict:
    if obj is None:
        return {}
    names = {
        "news": ["title", "summary", "body", "is_announcement", "event_date", "image_alt"],
        "case": ["title", "summary", "body", "image_alt"],
        "page": ["title", "slug", "summary", "body", "position"],
        "memo": ["audience", "title", "body", "position"],
        "document": ["kind", "title", "description", "approved_on", "position"],
    }[kind]
    data = {n: getattr(obj, n) for n in names}
    if kind in ("news", "case"):
        data["people_in_image"] = list(obj.people_in_image.all())
    return data


def _save(kind: str, obj, data: dict, request, group=None):
    user = request.user
    if kind == "news":
        return services.news_save(item=obj, saved_by=user, **data)
    if kind == "case":
        return services.case_save(case=obj, group=group, saved_by=user, **data)
    if kind == "page":
        return services.page_save(page=obj, saved_by=user, **data)
    if kind == "memo":
        return services.memo_save(memo=obj, saved_by=user, **data)
    return services.document_save(document=obj, saved_by=user, **data)


@role_required(*EDITOR_ROLES)
def edit(request, kind: str, pk: int | None = None):
    spec = _kind_for(request, kind)
    obj = get_object_or_404(spec.model, pk=pk) if pk else None
    group = None
    if kind == "case" and obj is None:
        group = get_object_or_404(MentoringGroup, pk=query_id(request.GET, "group") or 0)
    form_kwargs = {"has_image": bool(obj and obj.image)} if kind in ("news", "case") else {}
    if request.method == "POST":
        form = spec.form(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            try:
                saved = _save(kind, obj, form.cleaned_data, request, group)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved. Publish it when it is ready."))
                return redirect("public:edit_item", kind=kind, pk=saved.pk)
    else:
        initial = selectors.case_draft_from_programme(group) if group is not None else _initial(obj, kind)
        form = spec.form(initial=initial, **form_kwargs)
    context = {"form": form, "obj": obj, "kind": kind, "spec": spec, "group": group}
    if kind == "case":
        case_group = obj.group if obj else group
        context["members_without_consent"] = selectors.case_members_without_publication_consent(obj) if obj else []
        context["case_group"] = case_group
    return render(request, "public/edit/form.html", context)


@require_POST
@role_required(*EDITOR_ROLES)
def publish(request, kind: str, pk: int):
    spec = _kind_for(request, kind)
    obj = get_object_or_404(spec.model, pk=pk)
    try:
        services.item_publish(item=obj, published_by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Published on the site."))
    return redirect("public:edit_item", kind=kind, pk=pk)


@require_POST
@role_required(*EDITOR_ROLES)
def unpublish(request, kind: str, pk: int):
    spec = _kind_for(request, kind)
    services.item_unpublish(item=get_object_or_404(spec.model, pk=pk), unpublished_by=request.user)
    messages.success(request, _("Removed from the site."))
    return redirect("public:edit_item", kind=kind, pk=pk)


@require_POST
@role_required(*EDITOR_ROLES)
def delete(request, kind: str, pk: int):
    spec = _kind_for(request, kind)
    services.item_delete(item=get_object_or_404(spec.model, pk=pk))
    messages.success(request, _("Deleted."))
    return redirect("public:edit")


@role_required(*EDITOR_ROLES)
def edit_image(request, kind: str, pk: int):
    """The current image of an item being edited, for editors only (uploads are never served as open media)."""
    if kind not in ("news", "case"):
        raise Http404
    obj = get_object_or_404(_kind_for(request, kind).model, pk=pk)
    if not obj.image:
        raise Http404
    content_type = mimetypes.guess_type(obj.image.name)[0] or "application/octet-stream"
    return FileResponse(obj.image.open("rb"), content_type=content_type)
