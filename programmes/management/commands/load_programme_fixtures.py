"""Load the programme template and the feedback questionnaires (fixtures/*.json); what exists is kept."""

from django.core.management.base import BaseCommand

from mentoring.models import Question, Questionnaire
from programmes.loading import load_questionnaires, load_templates
from programmes.models import ProgrammeTemplate, ProgrammeTemplateActivity


class Command(BaseCommand):
    help = (
        "Loads fixtures/programme_template.json, fixtures/programme_templates/*.json and "
        "fixtures/questionnaires_feedback.json (idempotent)."
    )

    def handle(self, *args, **options):
        questionnaires = load_questionnaires(Questionnaire, Question)
        templates = load_templates(ProgrammeTemplate, ProgrammeTemplateActivity)
        self.stdout.write(f"questionnaires created: {questionnaires}; templates created: {templates}")
