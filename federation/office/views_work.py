"""The office's work pages: schools' roadmaps to agree, information letters, the base of programmes, own roadmap."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.downloads import file_download, safe_filename
from mentoring.filters import query_choice

from ..cases_search import PAGE_SIZE, CaseSearchForm, case_filters, cases_search, labels
from ..models import InformationLetter, RoadmapAgreement, SchoolCase, SchoolOrder
from .access import office_view
from .agreements import agreement_decide, agreements_of_year, school_roadmap
from .forms import DecisionForm, LetterForm
from .letters import letter_publish, letters_list
from .roadmap import tracked_items
from .years import chosen_year


@require_GET
@office_view
def agreement_list(request):
    year, years = chosen_year(request.GET)
    decision = query_choice(request.GET, "decision", RoadmapAgreement.Decision.choices)
    return render(
        request,
        "federation/office/agreement_list.html",
        {
            "year": year,
            "years": years,
            "decision": decision,
            "decisions": RoadmapAgreement.Decision.choices,
            "agreements": agreements_of_year(year, decision),
        },
    )


@require_http_methods(["GET", "POST"])
@office_view
def agreement_detail(request, pk):
    agreement = get_object_or_404(RoadmapAgreement.objects.select_related("school", "decided_by"), pk=pk)
    form = DecisionForm(request.POST or None, initial={"checksum": agreement.roadmap_checksum})
    if request.method == "POST" and form.is_valid():
        try:
            agreement_decide(agreement=agreement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in getattr(error, "message_dict", {}).get("comment", []):
                form.add_error("comment", message)
            if not hasattr(error, "message_dict") or set(error.message_dict) - {"comment"}:
                form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("The decision was saved; the school receives it at its next exchange."))
            return redirect("federation_office:agreements")
    return render(
        request,
        "federation/office/agreement_detail.html",
        {
            "agreement": agreement,
            "items": school_roadmap(agreement.school, agreement.academic_year),
            "orders": SchoolOrder.objects.filter(school=agreement.school, academic_year=agreement.academic_year),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@office_view
def letters(request):
    form = LetterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter_publish(by=request.user, pdf=request.FILES.get("pdf"), schools=form.cleaned_data["schools"],
                           **{k: form.cleaned_data[k] for k in ("title", "text", "to_all")})  # fmt: skip
        except ValidationError as error:
            for fieldname, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(fieldname if fieldname in form.fields else None, message)
        else:
            messages.success(request, _("The letter was published; schools receive it at their next exchange."))
            return redirect("federation_office:letters")
    page = Paginator(letters_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "federation/office/letters.html", {"form": form, "page": page})


@require_GET
@office_view
def letter_pdf(request, pk):
    letter = get_object_or_404(InformationLetter, pk=pk)
    if not letter.pdf:
        raise Http404
    return file_download(letter.pdf, safe_filename(_("Letter"), letter.title[:60], ext="pdf"), "application/pdf")


@require_GET
@office_view
def base(request):
    filters = case_filters(request.GET)
    qs = cases_search(SchoolCase.objects.select_related("school"), filters).order_by("-published_on", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    cases = [(case, labels(case)) for case in page]
    return render(
        request,
        "federation/office/base.html",
        {"form": CaseSearchForm(request.GET or None), "page": page, "cases": cases},
    )


@require_GET
@office_view
def roadmap(request):
    year, years = chosen_year(request.GET)
    return render(
        request, "federation/office/roadmap.html", {"year": year, "years": years, "tracked": tracked_items(year)}
    )
