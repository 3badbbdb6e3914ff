"""A JSON list of codes from a fixed choice list: portable to SQLite (the demo) and PostgreSQL."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    """Stores a list of choice codes such as the Regulation's directions; validates each code."""

    def __init__(self, *args, choice_class=None, **kwargs):
        self.choice_class = choice_class
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        path = "mentoring.models.fields.ChoiceListField"
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value in (None, []):
            return
        if not isinstance(value, list):
            raise ValidationError(_("A list of values is expected."), code="invalid")
        if self.choice_class is not None:
            allowed = set(self.choice_class.values)
            unknown = [v for v in value if v not in allowed]
            if unknown:
                raise ValidationError(
                    _("Unknown values: %(values)s."),
                    code="invalid_choice",
                    params={"values": ", ".join(map(str, unknown))},
                )

    def labels(self, value):
        lookup = dict(self.choice_class.choices) if self.choice_class else {}
        return [str(lookup.get(v, v)) for v in value or []]
