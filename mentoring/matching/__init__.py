"""Pairing suggestions: the match score with its reasons (`score`), and the whole-pool assignment (`pool`).

The selectors in `mentoring.selectors` build the candidates; the services in `mentoring.services.groups` save
the result.
"""

from .pool import ProposalLine, greedy_assignment, proposal_total, propose_assignment, score_matrix, top_options
from .score import (
    DEFAULT_WEIGHTS,
    Match,
    MenteeCandidate,
    MentorCandidate,
    Ranking,
    Reason,
    default_form,
    default_types,
    match_weights,
    rank_mentees,
    rank_mentors,
    rank_mentors_top,
    score,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "Match",
    "MenteeCandidate",
    "MentorCandidate",
    "ProposalLine",
    "Ranking",
    "Reason",
    "default_form",
    "default_types",
    "greedy_assignment",
    "match_weights",
    "proposal_total",
    "propose_assignment",
    "rank_mentees",
    "rank_mentors",
    "rank_mentors_top",
    "score",
    "score_matrix",
    "top_options",
]
