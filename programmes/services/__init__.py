"""Writes with rules: programmes (Regulation §1.2, §7, programme template), meetings (seed 002 item 3.5),
feedback forms and inactivity reminders, and the scrub after a withdrawn consent — one module per concept."""

from .common import (
    MAX_DAYS_AHEAD,
    MAX_MONTHS,
    MEETING_FEEDBACK_DAYS,
    MIN_MONTHS,
    NOTE_FIELDS,
    QUESTIONNAIRE_CODES,
    STAGE_FEEDBACK_DAYS,
    add_months,
    current_members,
    programme_period_check,
)
from .feedback import feedback_requests_sync, feedback_submit, inactivity_reminders_send
from .meetings import _meeting_feedback_create, group_start, meeting_log, meeting_update
from .programmes import (
    activities_from_template,
    activity_set_status,
    plan_unfinished,
    programme_agree,
    programme_complete,
    programme_create_from_template,
    programme_extend,
    programme_mark_best_practice,
    programme_plan_save,
    programme_report_submit,
    programme_update,
)
from .scrub import person_scrub

__all__ = [
    "MAX_DAYS_AHEAD",
    "MAX_MONTHS",
    "MEETING_FEEDBACK_DAYS",
    "MIN_MONTHS",
    "NOTE_FIELDS",
    "QUESTIONNAIRE_CODES",
    "STAGE_FEEDBACK_DAYS",
    "_meeting_feedback_create",
    "activities_from_template",
    "activity_set_status",
    "add_months",
    "current_members",
    "feedback_requests_sync",
    "feedback_submit",
    "group_start",
    "inactivity_reminders_send",
    "meeting_log",
    "meeting_update",
    "person_scrub",
    "plan_unfinished",
    "programme_agree",
    "programme_complete",
    "programme_create_from_template",
    "programme_extend",
    "programme_mark_best_practice",
    "programme_period_check",
    "programme_plan_save",
    "programme_report_submit",
    "programme_update",
]
