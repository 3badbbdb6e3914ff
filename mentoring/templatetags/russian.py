"""`{% load russian %}`: the Russian grammar service in templates (mentoring.russian).

{{ person|case:"dat" }}            Ивановой Марии Петровне (a Person); a string is read as a phrase
{{ person|short_case:"acc" }}      Иванову М. П.
{{ person|initials_case:"dat" }}   М. П. Ивановой
{{ person|with_position:"acc" }}   Иванову М. П., учителя математики
{{ "заместитель директора"|case:"gen" }}
{{ organisation.director_name|name_case:"dat" }}   a name typed as text («С. И. Петров» → «С. И. Петрову»)
{{ person|gender_word:"обучающийся,обучающаяся" }}  (a third form for an unknown gender is optional)
{{ 10000|ru_number }} {{ 85.7|ru_percent }} {{ day|ru_date }}
"""

from django import template

from mentoring import russian

register = template.Library()


@register.filter(name="case")
def case(value, case_code="nom"):
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return russian.decline_phrase(value, case_code)
    return russian.decline_full(value, case_code)


@register.filter
def short_case(person, case_code="nom"):
    return russian.decline_short(person, case_code) if person else ""


@register.filter
def initials_case(person, case_code="nom"):
    return russian.initials_first(person, case_code) if person else ""


@register.filter
def with_position(person, case_code="nom"):
    """«Смирновой О. В., заместителю директора по УВР» (dative)."""
    return russian.name_with_position(person, case_code) if person else ""


@register.filter
def name_case(text, case_code="nom"):
    return russian.decline_name_string(str(text or ""), case_code)


@register.filter
def gender_word(person, forms):
    masculine, feminine, *rest = [*str(forms).split(","), ""]
    return russian.agree(person, masculine.strip(), feminine.strip(), rest[0].strip() or None)


@register.filter
def ru_number(value, digits=1):
    return russian.ru_number(value, int(digits))


@register.filter
def ru_percent(value, digits=1):
    return russian.ru_percent(value, int(digits))


@register.filter
def ru_date(value):
    return russian.ru_date(value)
