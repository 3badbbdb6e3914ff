"""Load the school's programme template and the feedback questionnaires from fixtures/ (JSON, questions as data).

Written against model classes passed in, so the data migration (historical models) and the management command
share it. Loading is idempotent and never overwrites what the curator has since edited: a row that exists by
its code is left alone.
"""

import json
from pathlib import Path

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
TEMPLATE_PATH = FIXTURES / "programme_template.json"
# One template per form of mentoring (teacher – pupil, pupil – pupil, student or employer – pupil).
TEMPLATES_DIR = FIXTURES / "programme_templates"
QUESTIONNAIRES_PATH = FIXTURES / "questionnaires_feedback.json"


def load_questionnaires(questionnaire_model, question_model, path: Path = QUESTIONNAIRES_PATH) -> int:
    """Create the feedback, interim and satisfaction questionnaires that are missing; returns how many."""
    created_count = 0
    for item in json.loads(path.read_text(encoding="utf-8")):
        questionnaire, created = questionnaire_model.objects.get_or_create(
            code=item["code"],
            defaults={
                "kind": item["kind"],
                "audience": item["audience"],
                "title": item["title"],
                "description": item.get("description", ""),
            },
        )
        if not created:
            continue
        created_count += 1
        question_model.objects.bulk_create(
            [
                question_model(
                    questionnaire=questionnaire,
                    number=q["number"],
                    text=q["text"],
                    kind=q["kind"],
                    choices=q.get("choices", []),
                    required=q.get("required", True),
                )
                for q in item["questions"]
            ]
        )
    return created_count


def template_paths() -> list[Path]:
    return [TEMPLATE_PATH, *sorted(TEMPLATES_DIR.glob("*.json"))]


def load_template(template_model, activity_model, path: Path = TEMPLATE_PATH) -> bool:
    """Create a programme template if it is missing; returns whether it was created.

    Fields the model does not have yet (an older migration state) are skipped. An existing template keeps the
    curator's edits; only an empty list of forms is filled, so templates made before forms existed get theirs.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    known = {f.name for f in template_model._meta.get_fields()}
    fields = {k: v for k, v in data.items() if k not in ("code", "activities") and k in known}
    template, created = template_model.objects.get_or_create(code=data["code"], defaults=fields)
    if created:
        activity_model.objects.bulk_create(
            [activity_model(template=template, position=n, **activity) for n, activity in enumerate(data["activities"])]
        )
    elif "forms" in fields and not template.forms:
        template_model.objects.filter(pk=template.pk).update(forms=fields["forms"])
    return created


def load_templates(template_model, activity_model) -> int:
    """Every template of fixtures/ (one per form of mentoring); returns how many were created."""
    return sum(load_template(template_model, activity_model, path) for path in template_paths())
