"""The JSON export's published schema (served at /monitoring/schema.json): one school's year, no personal data.

Versioned: a change that a reader of the files must know about bumps SCHEMA_VERSION.
"""

from mentoring.choices import Category

SCHEMA_ID = "mentoring-office/monitoring"
SCHEMA_VERSION = 3

_count = {"type": "integer", "minimum": 0}
_percent = {"type": ["number", "null"], "minimum": 0, "maximum": 100}
# A share's denominator is the contingent of the year; null when the school has not entered it. The percent may
# pass 100 when the register holds more people than the contingent says (a contingent to correct).
_share = {
    "type": "object",
    "required": ["part", "whole", "percent"],
    "properties": {
        "code": {"type": "string"},
        "part": _count,
        "whole": {"type": ["integer", "null"], "minimum": 0},
        "percent": {"type": ["number", "null"], "minimum": 0},
    },
}
_coded_counts = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["code", "count"],
        "properties": {"code": {"type": "string"}, "label": {"type": "string"}, "count": _count},
    },
}
_satisfaction_role = {
    "type": "object",
    "required": ["questions", "answers", "respondents", "average"],
    "properties": {
        "average": {"type": ["number", "null"]},
        "answers": _count,
        "respondents": _count,
        "questions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["number", "text", "average", "answers"],
                "properties": {
                    "number": _count,
                    "text": {"type": "string"},
                    "questionnaire": {"type": "string"},
                    "average": {"type": "number"},
                    "answers": _count,
                },
            },
        },
    },
}

JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"{SCHEMA_ID}/v{SCHEMA_VERSION}",
    "title": "Мониторинг программы наставничества образовательной организации за учебный год",
    "description": (
        "Показатели одного учебного года одной школы, без персональных данных. Муниципалитет собирает файлы школ "
        "и суммирует счётчики (part/whole долей, count, due/received). Коды значений — из перечней Положения."
    ),
    "type": "object",
    "required": [
        "schema",
        "schema_version",
        "generated_at",
        "organisation",
        "academic_year",
        "reference_day",
        "filters",
        "indicators",
        "definitions",
    ],  # fmt: skip
    "properties": {
        "schema": {"const": SCHEMA_ID},
        "schema_version": {"const": SCHEMA_VERSION},
        "generated_at": {"type": "string", "format": "date-time"},
        "organisation": {
            "type": "object",
            "required": ["full_name", "short_name"],
            "properties": {
                "full_name": {"type": "string"},
                "short_name": {"type": "string"},
                "address": {"type": "string"},
                "city": {"type": "string"},
            },
        },
        "academic_year": {
            "type": "object",
            "required": ["title", "start_date", "end_date"],
            "properties": {
                "title": {"type": "string"},
                "start_date": {"type": "string", "format": "date"},
                "end_date": {"type": "string", "format": "date"},
            },
        },
        "reference_day": {"type": "string", "format": "date"},
        "filters": {
            "type": "object",
            "properties": {"category": {"type": "string"}, "form": {"type": "string"}},
        },
        "definitions": {"type": "object", "additionalProperties": {"type": "string"}},
        "indicators": {
            "type": "object",
            "required": [
                "participants",
                "shares",
                "groups",
                "endings",
                "meetings",
                "feedback",
                "satisfaction",
                "waiting",
            ],  # fmt: skip
            "properties": {
                "participants": {
                    "type": "object",
                    "required": ["rows", "totals"],
                    "properties": {
                        "rows": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["category", "people", "mentors", "mentees", "both", "participants"],
                                "properties": {
                                    "category": {"enum": Category.values},
                                    "people": _count,
                                    "mentors": _count,
                                    "mentees": _count,
                                    "both": _count,
                                    "participants": _count,
                                },
                            },
                        },
                        "totals": {"type": "object", "additionalProperties": _count},
                    },
                },
                "shares": {
                    "type": "object",
                    "required": ["share_young_teachers_mentees", "share_involved", "target_percent"],
                    "properties": {
                        "share_students_mentees": _share,
                        "share_young_teachers_mentees": _share,
                        "share_students_mentors": _share,
                        "share_involved": _share,
                        "target_percent": _count,
                        "contingent": {"type": "boolean"},
                    },
                },
                "groups": {
                    "type": "object",
                    "required": ["total", "by_status", "by_form", "by_type"],
                    "properties": {
                        "total": _count,
                        "by_status": _coded_counts,
                        "by_form": _coded_counts,
                        "by_type": _coded_counts,
                    },
                },
                "endings": {
                    "type": "object",
                    "required": ["completed", "terminated", "terminated_by_reason"],
                    "properties": {"completed": _count, "terminated": _count, "terminated_by_reason": _coded_counts},
                },
                "meetings": {
                    "type": "object",
                    "required": ["groups", "total", "average", "without_meetings", "by_kind"],
                    "properties": {
                        "groups": _count,
                        "total": _count,
                        "average": {"type": ["number", "null"]},
                        "most": _count,
                        "without_meetings": _count,
                        "by_kind": _coded_counts,
                    },
                },
                "feedback": {
                    "type": "object",
                    "required": ["rows", "due", "received", "percent"],
                    "properties": {"due": _count, "received": _count, "percent": _percent},
                },
                "satisfaction": {
                    "type": "object",
                    "required": ["mentor", "mentee"],
                    "properties": {"mentor": _satisfaction_role, "mentee": _satisfaction_role},
                },
                "waiting": {
                    "type": "object",
                    "required": ["count", "supported", "average_days", "longest_days", "bands"],
                    "properties": {
                        "count": _count,
                        "supported": _count,
                        "average_days": {"type": ["number", "null"]},
                        "longest_days": {"type": ["number", "null"]},
                        "bands": _coded_counts,
                    },
                },
            },
        },
    },
}
