"""`{% load russian %}` in templates: the same service as the code."""

import datetime
from types import SimpleNamespace

from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template("{% load russian %}" + source).render(Context(context))


def test_filters_decline_names_positions_and_format_numbers():
    smirnova = SimpleNamespace(
        last_name="Смирнова", first_name="Ольга", patronymic="Владимировна", position="заместитель директора по УВР"
    )
    assert render('{{ p|case:"dat" }}', p=smirnova) == "Смирновой Ольге Владимировне"
    assert render('{{ p|short_case:"acc" }}', p=smirnova) == "Смирнову О. В."
    assert render('{{ p|initials_case:"dat" }}', p=smirnova) == "О. В. Смирновой"
    assert render('{{ p|with_position:"acc" }}', p=smirnova) == "Смирнову О. В., заместителя директора по УВР"
    assert render('{{ "Директор"|case:"dat" }} {{ n|name_case:"dat" }}', n="С. И. Петров") == "Директору С. И. Петрову"
    assert render('{{ p|gender_word:"обучающийся,обучающаяся" }}', p=smirnova) == "обучающаяся"
    assert render("{{ n|ru_number }} {{ x|ru_percent }}", n=10000, x=85.71) == "10\u00a0000 85,7\u00a0%"
    assert render("{{ d|ru_date }}", d=datetime.date(2026, 12, 1)) == "1\u00a0декабря 2026\u00a0г."
    assert render('{{ p|case:"dat" }}{{ n|ru_number }}', p=None, n=None) == ""
