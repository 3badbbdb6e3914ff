from django.db import migrations


def load(apps, schema_editor):
    from mentoring.management.commands.load_questionnaires import load_bank_questionnaires

    load_bank_questionnaires(apps.get_model("mentoring", "Questionnaire"), apps.get_model("mentoring", "Question"))


class Migration(migrations.Migration):
    """A fresh install gets the needs questionnaire and the mentor survey (roadmap stages 2 and 3)."""

    dependencies = [("mentoring", "0003_replacement_requests")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
