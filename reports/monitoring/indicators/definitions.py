"""The indicators' definitions, written once: the dashboard's tooltips, the PDF and the JSON export print them."""

from django.utils.translation import gettext_lazy as _

# Р-145 age bands and the federal target of involvement.
MENTEE_STUDENT_AGES = (10, 18)
MENTOR_STUDENT_AGES = (15, 19)
YOUNG_TEACHER_MAX_SERVICE = 3
FEDERAL_TARGET_PERCENT = 70
# How long mentees have been waiting: upper bounds of the bands, in days.
WAIT_BANDS = (30, 90)

DEFINITIONS = {
    "counted": _(
        "Counted people: not anonymised, with a personal-data consent valid on the reference day (the last day of a "
        "past year, today for the current year) and no withdrawal since. Everyone else is left out of every figure."
    ),
    "participants": _(
        "Participants: counted people who are members of a pair or group of the year approved by the director's "
        "order, including those who left it. A mentor in one group and a mentee in another counts once in each role "
        "and once in the total."
    ),
    "share_students_mentees": _(
        "Share of students aged 10–18 (on the reference day) who are mentees, of the pupils aged 10–18 in the "
        "contingent of the year entered in the school settings (Р-145)."
    ),
    "share_young_teachers_mentees": _(
        "Share of young teachers who are mentees, of the young specialists in the contingent of the year. A young "
        "teacher is a counted person of the category «young specialist», or a teacher with 0–3 years of service at "
        "the start of the year (Р-145)."
    ),
    "share_students_mentors": _(
        "Share of students aged 15–19 (on the reference day) who are mentors, of the pupils aged 15–19 in the "
        "contingent of the year (Р-145)."
    ),
    "share_involved": _(
        "Share of students and teachers (counted people of every category except external participants) who take "
        "part in some form of mentoring, of all the pupils and teachers in the contingent of the year; the federal "
        "target is at least 70%. Without a contingent the shares are not counted."
    ),
    "groups": _(
        "Pairs and groups of the year by status, form and type, proposals included. A group has several types, so "
        "the type counts may add up to more than the number of groups."
    ),
    "endings": _(
        "Pairs and groups of the year that ended: completed when the plan was done, otherwise terminated, with the "
        "reason recorded when they ended (Regulation §7.1)."
    ),
    "meetings": _(
        "Meetings logged from the start of the year up to the reference day, per pair or group approved by order."
    ),
    "feedback": _(
        "Required feedback forms of counted people with a due date within the year: due once the due date has "
        "passed (or filled earlier); received when filled. Cancelled forms are not due."
    ),
    "satisfaction": _(
        "Average score (1–10) of the scale questions of the satisfaction questionnaires filled in the year by counted "
        "mentors and mentees, per question."
    ),
    "waiting": _(
        "Counted mentees of the year's bank still awaiting a mentor (or supported without a pair), and how many days "
        "since they entered the programme, up to the reference day."
    ),
}
