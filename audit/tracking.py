"""What the change history records: the models, and which of their fields are personal data.

The history is written by PostgreSQL triggers (django-pghistory), so bulk updates, imports and the shell are
captured as well as the views. Event models live in this app (one-way imports: audit reads every other app).
After a withdrawal of consent the personal fields of the person's past events are overwritten with what the live
rows now hold (see services.history_scrub_person): the record that something happened stays, the data does not.
"""

from dataclasses import dataclass, field

from django.db import models

from mentoring.models import (
    AcademicYear,
    Answer,
    Consent,
    GroupMembership,
    MenteeProfile,
    MentoringGroup,
    MentorProfile,
    Organisation,
    Person,
    ReplacementRequest,
    User,
)
from mentoring.services.withdrawal import PERSONAL_DATA
from programmes.models import FeedbackRequest, Meeting, Programme, ProgrammeActivity, ProgrammeChange
from reports.models import Order, OrderPerson
from roadmap.models import RoadmapItem, RoadmapStage


@dataclass(frozen=True)
class Tracked:
    model: type[models.Model]
    # how to find the rows that belong to a person: "pk" or a lookup on the live model ending at a Person id
    person_lookup: str | None = None
    personal: tuple[str, ...] = ()
    exclude: tuple[str, ...] = field(default=())


def _personal(model, *extra):
    return tuple(name for name in PERSONAL_DATA.get(model, {}) if name != "user") + extra


TRACKED = [
    Tracked(Organisation),
    Tracked(AcademicYear),
    Tracked(Person, "pk", _personal(Person)),
    Tracked(User, "person", _personal(User), exclude=("password", "last_login")),
    Tracked(Consent, "person", _personal(Consent)),
    Tracked(MentorProfile, "person", _personal(MentorProfile)),
    Tracked(MenteeProfile, "person", _personal(MenteeProfile)),
    Tracked(MentoringGroup, "memberships__person", ("completion_note",)),
    Tracked(GroupMembership, "person"),
    Tracked(ReplacementRequest, "applicant", _personal(ReplacementRequest)),
    Tracked(Answer, "response__respondent", ("value",)),
    Tracked(
        Programme, "group__memberships__person", ("problem", "mentor_report", "results_summary", "case_description")
    ),
    Tracked(ProgrammeActivity),
    Tracked(ProgrammeChange, "consenting", ("agreed_by", "description")),
    Tracked(Meeting, "group__memberships__person", ("notes",)),
    Tracked(FeedbackRequest, "person"),
    Tracked(RoadmapStage),
    Tracked(RoadmapItem),
    Tracked(Order),
    Tracked(OrderPerson, "person", ("note",)),
]
# Roles are Django groups: the user ↔ group link table is tracked too (who gave whom which role).
ROLE_LINK = User.groups.through
