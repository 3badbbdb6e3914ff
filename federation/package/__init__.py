"""The package a school sends to its municipal office: its schema and checksum (`schema`), its builder (`build`)."""

from .schema import PACKAGE_SCHEMA, SCHEMA_ID, SCHEMA_VERSION, package_checksum, roadmap_checksum, schema_errors

__all__ = ["PACKAGE_SCHEMA", "SCHEMA_ID", "SCHEMA_VERSION", "package_checksum", "roadmap_checksum", "schema_errors"]
