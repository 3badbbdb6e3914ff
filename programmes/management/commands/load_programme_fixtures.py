"""Load the programme template and the feedback questionnaires (fixtures/*.json); what exists is kept."""

from django.core.management.base import BaseCommand

from mentoring.models import Question, Questionnaire
from programmes.loading import load_questionnaires, load_template
from programmes.models import ProgrammeTemplate, ProgrammeTemplateActivity


class Command(BaseCommand):
    help = "Loads fixtures/programme_template.json and fixtures/questionnaires_feedback.json (idempotent)."

    def handle(self, *args, **options):
        questionnaires = load_questionnaires(Questionnaire, Question)
        template = load_template(ProgrammeTemplate, ProgrammeTemplateActivity)
        self.stdout.write(f"questionnaires created: {questionnaires}; template created: {'yes' if template else 'no'}")
