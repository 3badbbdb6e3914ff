"""Core domain models; import them from here (`from mentoring.models import Person`)."""

from .accounts import Invitation, InvitationBatch
from .banks import MenteeProfile, MentorProfile
from .groups import GroupMembership, MentoringGroup
from .imports import ImportJob
from .organisation import AcademicYear, Contingent, Organisation, OrganisationKind
from .people import Consent, Person, User
from .questionnaires import Answer, Question, Questionnaire, Response
from .replacements import ReplacementKind, ReplacementRequest, ReplacementStatus

__all__ = [
    "AcademicYear",
    "Answer",
    "Consent",
    "Contingent",
    "GroupMembership",
    "ImportJob",
    "Invitation",
    "InvitationBatch",
    "MenteeProfile",
    "MentorProfile",
    "MentoringGroup",
    "Organisation",
    "OrganisationKind",
    "Person",
    "Question",
    "Questionnaire",
    "ReplacementKind",
    "ReplacementRequest",
    "ReplacementStatus",
    "Response",
    "User",
]
