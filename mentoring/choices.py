"""The Regulation's fixed lists (seed 001): directions, forms, types, categories and statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """Roles are Django groups with these names (created by a data migration)."""

    DIRECTOR = "director", _("Director")
    CURATOR = "curator", _("Curator")
    METHODICAL_COUNCIL = "methodical_council", _("Methodical council")
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    SITE_EDITOR = "site_editor", _("Site editor")


class Direction(models.TextChoices):
    """Directions of a personalised programme's plan and of a mentee's requests.

    The first eight are the Regulation's for teachers (programme template); the pupils' list (PUPIL_DIRECTIONS)
    follows the target model of mentoring of students (Р-145): study, projects, social adaptation, career…
    """

    SCIENTIFIC = "scientific", _("Scientific and theoretical")
    REGULATORY = "regulatory", _("Regulatory and legal")
    PROFESSIONAL = "professional", _("Subject and professional")
    PSYCHOLOGICAL = "psychological", _("Psychological and pedagogical")
    METHODICAL = "methodical", _("Methodical")
    DIGITAL = "digital", _("ICT and digitalisation")
    EXTRACURRICULAR = "extracurricular", _("Extracurricular and educational activity")
    HEALTH = "health", _("Health saving")
    STUDY = "study", _("Study and school subjects")
    PROJECTS = "projects", _("Projects and research")
    SOCIAL = "social", _("Social adaptation and communication")
    CAREER = "career", _("Career guidance")
    CREATIVITY = "creativity", _("Creativity, sport and leisure")
    LEADERSHIP = "leadership", _("Leadership and pupils' self-government")


TEACHER_DIRECTIONS = (
    Direction.SCIENTIFIC,
    Direction.REGULATORY,
    Direction.PROFESSIONAL,
    Direction.PSYCHOLOGICAL,
    Direction.METHODICAL,
    Direction.DIGITAL,
    Direction.EXTRACURRICULAR,
    Direction.HEALTH,
)
PUPIL_DIRECTIONS = (
    Direction.STUDY,
    Direction.PROJECTS,
    Direction.SOCIAL,
    Direction.CAREER,
    Direction.CREATIVITY,
    Direction.LEADERSHIP,
    Direction.DIGITAL,
    Direction.HEALTH,
)


def direction_choices(codes) -> list[tuple[str, str]]:
    return [(code.value, code.label) for code in codes]


class Category(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    YOUNG_SPECIALIST = "young_specialist", _("Young specialist")
    STUDENT = "student", _("Student")
    EXTERNAL = "external", _("External participant")
    EDUCATOR = "educator", _("Educator")  # a kindergarten's «воспитатель» (mentoring.kinds)


# Pedagogical staff: who counts as a teacher in the indicators, whatever the kind of organisation calls them.
TEACHING_CATEGORIES = (Category.TEACHER, Category.EDUCATOR)


class MentoringForm(models.TextChoices):
    """Forms of mentoring (Regulation §2.3 for teachers; the student forms of the target model)."""

    TEACHER_TEACHER = "teacher_teacher", _("teacher – teacher")
    DIRECTOR_TEACHER = "director_teacher", _("head of school – teacher")
    EMPLOYER_STUDENT = "employer_student", _("employer – college student")
    LECTURER_YOUNG_TEACHER = "lecturer_young_teacher", _("university or college lecturer – young teacher")
    STUDENT_STUDENT = "student_student", _("pupil – pupil")
    TEACHER_STUDENT = "teacher_student", _("teacher – pupil")
    COLLEGE_STUDENT_PUPIL = "college_student_pupil", _("college student – pupil")
    EMPLOYER_PUPIL = "employer_pupil", _("employer – pupil")


# Forms in which the mentee is a pupil of the school: their programmes follow the pupils' template and directions.
PUPIL_FORMS = (
    MentoringForm.STUDENT_STUDENT,
    MentoringForm.TEACHER_STUDENT,
    MentoringForm.COLLEGE_STUDENT_PUPIL,
    MentoringForm.EMPLOYER_PUPIL,
)


class MentoringType(models.TextChoices):
    """Types of mentoring (Regulation §2.4)."""

    VIRTUAL = "virtual", _("virtual (remote)")
    GROUP = "group", _("in a group")
    SHORT_TERM = "short_term", _("short-term (goal-setting)")
    REVERSE = "reverse", _("reverse")
    SITUATIONAL = "situational", _("situational")
    SPEED = "speed", _("speed")
    TRADITIONAL = "traditional", _("traditional (one-to-one)")


class Mode(models.TextChoices):
    ONLINE = "online", _("online")
    IN_PERSON = "in_person", _("in person")
    MIXED = "mixed", _("mixed")


class QualificationCategory(models.TextChoices):
    NONE = "none", _("no category")
    CONFORMITY = "conformity", _("conformity with the position")
    FIRST = "first", _("first")
    HIGHEST = "highest", _("highest")


class MentorStatus(models.TextChoices):
    CANDIDATE = "candidate", _("candidate")
    APPROVED = "approved", _("approved by order")
    LEFT = "left", _("left the bank")


class MenteeStatus(models.TextChoices):
    AWAITING = "awaiting", _("awaiting a mentor")
    PAIRED = "paired", _("in a pair or group")
    SUPPORTED = "supported", _("supported without a pair")
    COMPLETED = "completed", _("completed the programme")
    LEFT = "left", _("left the bank")


class GroupStatus(models.TextChoices):
    # A context: in Russian the group («группа») takes feminine forms, unlike a mentor or an order.
    PROPOSED = "proposed", pgettext_lazy("group status", "proposed")
    APPROVED = "approved", pgettext_lazy("group status", "approved by order")
    ACTIVE = "active", pgettext_lazy("group status", "active")
    COMPLETED = "completed", pgettext_lazy("group status", "completed")
    TERMINATED = "terminated", pgettext_lazy("group status", "terminated")


class CompletionReason(models.TextChoices):
    """Why a group ends (Regulation §7.1)."""

    PLAN_COMPLETED = "plan_completed", _("the plan is completed")
    MENTOR_INITIATIVE = "mentor_initiative", _("at the mentor's initiative")
    MENTEE_INITIATIVE = "mentee_initiative", _("at the mentee's initiative")
    CURATOR_INITIATIVE = "curator_initiative", _("at the curator's initiative (force majeure)")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("personal-data consent withdrawn")


class MemberRole(models.TextChoices):
    MENTOR = "mentor", _("mentor")
    MENTEE = "mentee", _("mentee")


class GrammaticalGender(models.TextChoices):
    """How documents agree words with a person; empty: found from the patronymic or the name."""

    AUTO = "", _("from the patronymic")
    MALE = "m", _("masculine")
    FEMALE = "f", _("feminine")


class ConsentKind(models.TextChoices):
    """Two separate documents (152-ФЗ art. 9 and art. 10.1): processing, and publication on the school site."""

    PROCESSING = "processing", _("processing of personal data")
    PUBLICATION = "publication", _("publication on the school site")


class Signatory(models.TextChoices):
    SELF = "self", _("the person themself")
    REPRESENTATIVE = "representative", _("a parent or legal representative")


OPEN_GROUP_STATUSES = (GroupStatus.PROPOSED, GroupStatus.APPROVED, GroupStatus.ACTIVE)
CLOSED_GROUP_STATUSES = (GroupStatus.COMPLETED, GroupStatus.TERMINATED)
