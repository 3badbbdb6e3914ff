"""The federation's models: the hub's side (a municipal office) and the school's side of the exchange."""

from .hub import (
    IndicatorTarget,
    InformationLetter,
    MemberSchool,
    ReceivedPackage,
    RoadmapAgreement,
    SchoolCase,
    SchoolIndicator,
    SchoolOrder,
    SchoolRoadmapItem,
)
from .school import HubCase, HubConnection, HubDecision, HubLetter, PackageSending

__all__ = [
    "HubCase",
    "HubConnection",
    "HubDecision",
    "HubLetter",
    "IndicatorTarget",
    "InformationLetter",
    "MemberSchool",
    "PackageSending",
    "ReceivedPackage",
    "RoadmapAgreement",
    "SchoolCase",
    "SchoolIndicator",
    "SchoolOrder",
    "SchoolRoadmapItem",
]
