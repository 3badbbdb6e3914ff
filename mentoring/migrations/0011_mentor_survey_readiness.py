from django.db import migrations


def add_readiness_question(apps, schema_editor):
    """The survey asks whether the person is ready to mentor this year; the answer fills the bank's readiness.

    Installations made before it got the survey without that question: add it after the last one, unless the
    school already has a question that fills readiness (edited in the admin).
    """
    Questionnaire = apps.get_model("mentoring", "Questionnaire")
    Question = apps.get_model("mentoring", "Question")
    survey = Questionnaire.objects.filter(code="mentor_survey").first()
    if survey is None or Question.objects.filter(questionnaire=survey, maps_to="is_ready").exists():
        return
    last = Question.objects.filter(questionnaire=survey).order_by("-number").values_list("number", flat=True).first()
    Question.objects.create(
        questionnaire=survey,
        number=(last or 0) + 1,
        text="Готовы ли вы стать наставником в этом учебном году?",
        kind="yes_no",
        choices=[],
        required=True,
        maps_to="is_ready",
    )


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0010_organisation_kind_municipal")]

    operations = [migrations.RunPython(add_readiness_question, migrations.RunPython.noop)]
