"""The school connects to its municipal office with the office's address and a one-time code, and stores what comes
back with each exchange: the decisions on its roadmaps, the office's letters (with their PDFs), the shared cases."""

import json
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from mentoring.selectors import organisation

from ..models import HubConnection, HubDecision, HubLetter
from .client import HubRefused, HubUnreachable, call, hub_base_url

logger = logging.getLogger(__name__)


def active_connection() -> HubConnection | None:
    return HubConnection.objects.filter(is_active=True).first()


def hub_connect(*, hub_url: str, code: str) -> HubConnection:
    """Spend the code at the office, keep its token. `ValidationError` with a Russian reason when it fails."""
    base = hub_base_url(hub_url)
    org = organisation()
    payload = {"code": code.strip(), "school_name": org.short_name if org else ""}
    try:
        answer = call(base, "connect", payload=json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    except HubRefused as exc:
        raise ValidationError(str(exc)) from exc
    except HubUnreachable as exc:
        raise ValidationError(_("The municipal office does not answer: %(reason)s. Check the address or try "
                                "later.") % {"reason": exc}) from exc  # fmt: skip
    token = str(answer.get("token", "")) if isinstance(answer, dict) else ""
    if not token or len(token) > 128:
        raise ValidationError(_("The office's answer is not readable: check the address."))
    with transaction.atomic():
        HubConnection.objects.all().delete()
        return HubConnection.objects.create(hub_url=base, token=token, connected_at=timezone.now(), is_active=True)


def hub_disconnect() -> None:
    HubConnection.objects.filter(is_active=True).update(is_active=False)


def _when(value):
    parsed = parse_datetime(value) if isinstance(value, str) else None
    return parsed if parsed is not None and timezone.is_aware(parsed) else None


def feedback_store(feedback: dict, *, connection: HubConnection | None = None) -> dict:
    """Store the office's answer: decisions (one per year), new letters (their PDFs fetched), shared cases."""
    from ..base import cases_store

    feedback = feedback if isinstance(feedback, dict) else {}
    counts = {"decisions": 0, "letters": 0, "cases": 0}
    choices = set(HubDecision.Decision.values)
    for item in feedback.get("roadmap_decisions") or []:
        if not isinstance(item, dict) or item.get("decision") not in choices or not item.get("academic_year"):
            continue
        HubDecision.objects.update_or_create(
            academic_year=str(item["academic_year"])[:20],
            defaults={
                "decision": item["decision"],
                "comment": str(item.get("comment") or ""),
                "decided_at": _when(item.get("decided_at")),
            },  # fmt: skip
        )
        counts["decisions"] += 1
    have = set(HubLetter.objects.values_list("hub_letter_id", flat=True))
    for item in feedback.get("letters") or []:
        if not isinstance(item, dict) or not isinstance(item.get("id"), int) or item["id"] in have or item["id"] < 1:
            continue
        letter = HubLetter(hub_letter_id=item["id"], title=str(item.get("title") or "")[:300] or "—",
                           text=str(item.get("text") or ""),
                           published_at=_when(item.get("published_at")) or timezone.now())  # fmt: skip
        if item.get("has_pdf") and connection is not None:
            try:
                pdf = call(connection.hub_url, f"letters/{item['id']}/pdf", token=connection.token, accept_json=False)
                if pdf.startswith(b"%PDF"):
                    letter.pdf.save(f"letter-{item['id']}.pdf", ContentFile(pdf), save=False)
            except (HubRefused, HubUnreachable) as exc:  # the text is kept; the PDF comes with a later letter fetch
                logger.warning("letter %s: PDF not fetched: %s", item["id"], exc)
        letter.save()
        counts["letters"] += 1
    counts["cases"] = cases_store([c for c in feedback.get("cases") or [] if isinstance(c, dict)])
    return counts
