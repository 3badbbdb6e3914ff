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


def load_template(template_model, activity_model, path: Path = TEMPLATE_PATH) -> bool:
    """Create the school's programme template if it is missing; returns whether it was created."""
    data = json.loads(path.read_text(encoding="utf-8"))
    fields = {k: v for k, v in data.items() if k not in ("code", "activities")}
    template, created = template_model.objects.get_or_create(code=data["code"], defaults=fields)
    if created:
        activity_model.objects.bulk_create(
            [activity_model(template=template, position=n, **activity) for n, activity in enumerate(data["activities"])]
        )
    return created
