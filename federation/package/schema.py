"""The package a school sends to its municipal office: a versioned JSON schema, published at
GET /api/federation/v1/schema, and the canonical checksum both sides compute.

Schema version history:
  1 — first version: academic year, organisation (the institution, never a person), the roadmap with each item's
      status and result document, the indicators as numerators over denominators with the definitions' version,
      the published cases, the approved orders (number, date, title), the letters the school already has.
"""

import hashlib
import json

import jsonschema
from django.utils.translation import gettext as _

SCHEMA_ID = "mentoring-office/package"
SCHEMA_VERSION = 1

_text = {"type": "string"}
_date = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_date_or_null = {"anyOf": [_date, {"type": "null"}]}
_count = {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}

_roadmap_item = {
    "type": "object",
    "additionalProperties": False,
    "required": ["position", "stage", "number", "title", "status"],
    "properties": {
        "position": {"type": "integer", "minimum": 1, "maximum": 32767},
        "stage": {"type": "string", "maxLength": 500},
        "number": {"type": "string", "maxLength": 20},
        "title": {"type": "string", "minLength": 1, "maxLength": 5000},
        "period_text": {"type": "string", "maxLength": 200},
        "period_start": _date_or_null,
        "period_end": _date_or_null,
        "responsible": {"type": "string", "maxLength": 300},
        "responsible_role": {"type": "string", "maxLength": 30},
        "status": {"type": "string", "maxLength": 20},
        "result_document": {"type": "string", "maxLength": 500},
        "document_kind": {"type": "string", "maxLength": 40},
    },
}

PACKAGE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"{SCHEMA_ID}/v{SCHEMA_VERSION}",
    "title": "Пакет школы для муниципального кабинета наставничества",
    "description": (
        "Что школа передаёт муниципалитету за учебный год: дорожную карту со статусами, показатели в виде числителей "
        "и знаменателей, опубликованные кейсы и перечень утверждённых приказов. Персональных данных пакет не содержит."
    ),
    "type": "object",
    "required": [
        "schema",
        "schema_version",
        "generated_at",
        "academic_year",
        "organisation",
        "roadmap",
        "indicators",
        "cases",
        "orders",
        "received_letters",
    ],  # fmt: skip
    "properties": {
        "schema": {"const": SCHEMA_ID},
        "schema_version": {"const": SCHEMA_VERSION},
        "generated_at": {"type": "string", "format": "date-time"},
        "academic_year": {
            "type": "object",
            "required": ["title", "start_date", "end_date"],
            "properties": {
                "title": {"type": "string", "pattern": r"^\d{4}/\d{4}$"},
                "start_date": _date,
                "end_date": _date,
            },
        },
        "organisation": {
            "type": "object",
            "required": ["short_name", "full_name", "kind"],
            "properties": {
                "short_name": {"type": "string", "maxLength": 200},
                "full_name": {"type": "string", "maxLength": 500},
                "kind": _text,
            },
        },
        "roadmap": {
            "type": "object",
            "required": ["checksum", "items"],
            "properties": {
                "checksum": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "items": {"type": "array", "maxItems": 2000, "items": _roadmap_item},
            },
        },
        "indicators": {
            "type": "object",
            "required": ["definitions_version", "items"],
            "properties": {
                "definitions_version": {"type": "string", "maxLength": 40},
                "items": {
                    "type": "array",
                    "maxItems": 200,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["code", "numerator", "denominator"],
                        "properties": {
                            "code": {"type": "string", "pattern": "^[a-z0-9_]{1,80}$"},
                            "numerator": _count,
                            "denominator": {"anyOf": [_count, {"type": "null"}]},
                        },
                    },
                },
            },
        },
        "cases": {
            "type": "array",
            "maxItems": 2000,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["external_id", "title"],
                "properties": {
                    "external_id": {"type": "string", "minLength": 1, "maxLength": 120},
                    "title": {"type": "string", "minLength": 1, "maxLength": 200},
                    "summary": {"type": "string", "maxLength": 300},
                    "body": {"type": "string", "maxLength": 100000},
                    "form": {"type": "string", "maxLength": 40},
                    "mentoring_type": {"type": "string", "maxLength": 40},
                    "directions": {"type": "array", "items": {"type": "string", "maxLength": 40}},
                    "published_on": _date_or_null,
                },
            },
        },
        "orders": {
            "type": "array",
            "maxItems": 2000,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["number", "date", "title"],
                "properties": {
                    "number": {"type": "string", "minLength": 1, "maxLength": 30},
                    "date": _date,
                    "title": {"type": "string", "minLength": 1, "maxLength": 500},
                },
            },
        },
        "received_letters": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}},
    },
}

_VALIDATOR = jsonschema.Draft202012Validator(PACKAGE_SCHEMA, format_checker=jsonschema.FormatChecker())


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def package_checksum(package: dict) -> str:
    """SHA-256 of the package without its `generated_at`: the same content twice has the same checksum."""
    return hashlib.sha256(canonical({k: v for k, v in package.items() if k != "generated_at"})).hexdigest()


def roadmap_checksum(items: list) -> str:
    return hashlib.sha256(canonical(items)).hexdigest()


def schema_errors(package) -> list[str]:
    """Readable reasons the package does not follow the schema (empty when it does), at most five."""
    if not isinstance(package, dict):
        return [_("The package is not a JSON object.")]
    if package.get("schema") != SCHEMA_ID or package.get("schema_version") != SCHEMA_VERSION:
        return [
            _("The package follows schema «%(schema)s» version %(version)s; the office accepts «%(ours)s» version "
              "%(our_version)s. Update the school's installation.")
            % {"schema": str(package.get("schema", ""))[:80], "version": str(package.get("schema_version", ""))[:20],
               "ours": SCHEMA_ID, "our_version": SCHEMA_VERSION}
        ]  # fmt: skip
    errors = []
    for error in sorted(_VALIDATOR.iter_errors(package), key=lambda e: list(e.absolute_path))[:5]:
        where = "/".join(str(p) for p in error.absolute_path) or "/"
        errors.append(_("field %(field)s: %(problem)s") % {"field": where, "problem": _problem(error)})
    return errors


def _problem(error: jsonschema.ValidationError) -> str:
    """jsonschema's reason in Russian (its own messages are English): the school's curator reads it."""
    kind = error.validator
    if kind == "required":
        missing = [
            name for name in error.validator_value if isinstance(error.instance, dict) and name not in error.instance
        ]
        return _("required field «%(name)s» is missing") % {"name": (missing or ["?"])[0]}
    if kind == "type":
        return _("a value of another type is expected (%(type)s)") % {"type": error.validator_value}
    if kind == "additionalProperties":
        return _("a field the schema does not know")
    if kind in ("minLength", "maxLength", "minItems", "maxItems"):
        return _("the value is too short or too long")
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return _("the number is out of range")
    if kind == "format":
        return _("wrong format (%(format)s)") % {"format": error.validator_value}
    return _("the value is not allowed")
