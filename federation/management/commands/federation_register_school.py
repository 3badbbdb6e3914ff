"""Register a member school at the municipal office from the command line and print its one-time code.

    manage.py federation_register_school "МБОУ СШ № 7" --kind school --contact "8 (8332) 00-00-07"
    manage.py federation_register_school "МБОУ СШ № 7" --new-code     # a registered school: a new code
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from federation.hub.registry import school_code_renew, school_register
from federation.installation import is_hub
from federation.models import MemberSchool
from mentoring.models import OrganisationKind


class Command(BaseCommand):
    help = "Register a school at the municipal office (or give a registered one a new code); prints the code."

    def add_arguments(self, parser):
        parser.add_argument("name")
        kinds = [k for k in OrganisationKind.values if k != OrganisationKind.MUNICIPAL]
        parser.add_argument("--kind", default=OrganisationKind.SCHOOL, choices=kinds)
        parser.add_argument("--contact", default="")
        parser.add_argument("--new-code", action="store_true", help="A new code for a school already registered.")

    def handle(self, *args, name, kind, contact, new_code, **options):
        if not is_hub():
            raise CommandError("This installation is not a municipal office (its organisation's kind).")
        if new_code:
            school = MemberSchool.objects.filter(name__iexact=name.strip()).first()
            if school is None:
                raise CommandError(f"No school «{name}» is registered.")
            code = school_code_renew(school=school)
        else:
            try:
                school, code = school_register(name=name, kind=kind, contact=contact)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{school.name}: {code}")
