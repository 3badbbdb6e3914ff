"""(Re)load the banks' questionnaires from fixtures/questionnaires.json: the needs questionnaire and the survey.

Idempotent and safe: a questionnaire that exists by its code is left as the school edited it in the admin,
unless --update is given, which rewrites its title, description and questions that have no answers yet.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

PATH = Path(settings.BASE_DIR) / "fixtures" / "questionnaires.json"


def load_bank_questionnaires(questionnaire_model, question_model, *, path: Path = PATH, update: bool = False) -> int:
    """Create the missing questionnaires (historical models in the data migration); returns how many changed."""
    changed = 0
    for item in json.loads(path.read_text(encoding="utf-8")):
        fields = {k: item.get(k, "") for k in ("kind", "audience", "title", "description")}
        questionnaire, created = questionnaire_model.objects.get_or_create(code=item["code"], defaults=fields)
        if not created and not update:
            continue
        if not created:
            questionnaire_model.objects.filter(pk=questionnaire.pk).update(**fields)
        changed += 1
        for q in item["questions"]:
            values = {
                "text": q["text"],
                "kind": q["kind"],
                "choices": q.get("choices", []),
                "required": q.get("required", True),
                "maps_to": q.get("maps_to", ""),
            }
            existing = question_model.objects.filter(questionnaire=questionnaire, number=q["number"]).first()
            if existing is None:
                question_model.objects.create(questionnaire=questionnaire, number=q["number"], **values)
            elif not existing.answers.exists():
                question_model.objects.filter(pk=existing.pk).update(**values)
    return changed


class Command(BaseCommand):
    help = "Loads the mentee needs questionnaire and the potential mentor survey from fixtures/questionnaires.json."

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true", help="Rewrite existing ones from the fixture.")

    def handle(self, *args, update=False, **options):
        from mentoring.models import Question, Questionnaire

        changed = load_bank_questionnaires(Questionnaire, Question, update=update)
        self.stdout.write(self.style.SUCCESS(f"Questionnaires loaded or updated: {changed}"))
