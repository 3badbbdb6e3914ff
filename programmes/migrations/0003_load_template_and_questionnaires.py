from django.db import migrations


def load(apps, schema_editor):
    from programmes.loading import load_questionnaires, load_template

    load_questionnaires(apps.get_model("mentoring", "Questionnaire"), apps.get_model("mentoring", "Question"))
    load_template(apps.get_model("programmes", "ProgrammeTemplate"), apps.get_model("programmes", "ProgrammeTemplateActivity"))


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0002_roles"),
        ("programmes", "0002_meetings_feedback_templates"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
