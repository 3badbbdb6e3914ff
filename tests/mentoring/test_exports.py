"""Export of people and banks: the import's columns, formula cells neutralised, round trip."""

import io

import pytest
from openpyxl import load_workbook

from mentoring.imports import Target, import_run
from mentoring.resources import MenteeBankResource, MentorBankResource, PersonResource, dataset_bytes, neutralise
from mentoring.selectors import people_list
from mentoring.selectors_banks import mentee_bank, mentor_bank
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+7 912", "-1+2", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_formula_like_cells_are_neutralised(value):
    assert neutralise(value) == "'" + value


def test_plain_values_are_left_alone():
    assert neutralise("Иванов") == "Иванов" and neutralise(5) == 5 and neutralise("") == ""


def test_people_export_neutralises_a_malicious_name_in_xlsx_and_csv():
    factories.PersonFactory(last_name="=cmd|' /C calc'!A0", first_name="Иван", phone="+7 912 000-00-00")
    dataset = PersonResource().export(people_list(year=None))
    ws = load_workbook(io.BytesIO(dataset_bytes(dataset, "xlsx"))).active
    cells = [c.value for c in ws[2]]
    assert cells[0].startswith("'=cmd")
    assert "'+7 912 000-00-00" in cells
    assert ws["A2"].data_type != "f"
    text = dataset_bytes(dataset, "csv").decode("utf-8-sig")
    assert ";'=cmd" in ";" + text.splitlines()[1]


def test_people_export_reimports_as_updates_only():
    factories.PersonFactory.create_batch(3)
    factories.StudentFactory()
    content = dataset_bytes(PersonResource().export(people_list(year=None)), "xlsx")
    result = import_run(content=content, filename="export.xlsx", target=Target.PEOPLE, dry_run=True)
    assert result.errors == []
    assert result.summary["create"] == 0
    assert result.summary["unchanged"] == 4


def test_bank_exports_have_the_federal_columns_and_mentor_names(year):
    group = factories.GroupFactory(year=year)
    mentee_ds = MenteeBankResource(place="МБОУ СШ № 1").export(mentee_bank(year))
    assert mentee_ds.headers[0] == "ФИО наставляемого" and "ФИО наставника" in mentee_ds.headers
    mentor_name = group.memberships.get(role="mentor").person.full_name
    assert mentee_ds.dict[0]["ФИО наставника"] == mentor_name
    mentor_ds = MentorBankResource().export(mentor_bank(year))
    mentee_name = group.memberships.get(role="mentee").person.full_name
    assert mentor_ds.dict[0]["ФИО наставляемых"] == mentee_name
    # The mentor bank file imports back into the mentor bank without creating anyone.
    result = import_run(
        content=dataset_bytes(mentor_ds, "xlsx"), filename="m.xlsx", target=Target.MENTORS, year=year, dry_run=True
    )
    assert result.errors == [] and result.summary["create"] == 0
