"""Which side of the federation this installation is: a school, or a municipal office (the hub)."""

from mentoring.models import OrganisationKind


def is_hub() -> bool:
    from mentoring.selectors import organisation

    org = organisation()
    return bool(org and org.kind == OrganisationKind.MUNICIPAL)
