"""The whole pool at once: every (mentee, mentor) score as arrays, the optimal assignment under the mentors'
free places, the draft's choice lists and the best-first baseline.

`score_matrix` gives exactly what `score(…, explain=False)` gives pair by pair (the same points added in the
same order, so the same floating-point totals), from features read once per person: the sets become 0/1
columns, the strings codes, and each pair's points are array operations instead of Python calls.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..choices import Mode
from .score import STRONG_CATEGORIES, MenteeCandidate, MentorCandidate, match_weights

_INFEASIBLE = 1e9


@dataclass(frozen=True, slots=True)
class ProposalLine:
    mentee: MenteeCandidate
    mentor: MentorCandidate | None
    score: float


def _one_hot(sets: list, vocabulary: dict) -> np.ndarray:
    out = np.zeros((len(sets), len(vocabulary)), dtype=np.int64)
    for i, values in enumerate(sets):
        out[i, [vocabulary[v] for v in values]] = 1
    return out


def _codes(values: list, vocabulary: dict) -> np.ndarray:
    """Each string's code; the empty string is -1 (it matches nothing)."""
    return np.array([vocabulary.setdefault(v, len(vocabulary)) if v else -1 for v in values], dtype=np.int64)


def _common(left: list, right: list) -> np.ndarray:
    """How many values each left set shares with each right set (a matrix product of 0/1 columns)."""
    vocabulary = {v: k for k, v in enumerate(sorted(set().union(*left, *right)))}
    return _one_hot(left, vocabulary) @ _one_hot(right, vocabulary).T


def _mentor_points(mentors: list[MentorCandidate], w: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per mentor: experience, qualification and free-place points (computed as `score` computes them)."""
    experience, qualification, free_place = [], [], []
    for m in mentors:
        experience.append(
            min(w["experience_cap"], w["experience_per_year"] * m.service_years) if m.service_years else 0.0
        )
        qualification.append(w["qualification"] if m.qualification in STRONG_CATEGORIES else 0.0)
        free = m.capacity - m.load
        free_place.append(w["free_place"] * (free / m.capacity) if free > 0 else 0.0)
    return np.array(experience), np.array(qualification), np.array(free_place)


def score_matrix(
    mentees: list[MenteeCandidate], mentors: list[MentorCandidate], *, weights: dict | None = None
) -> np.ndarray:
    """Scores of every (mentee, mentor); NaN where the mentor is excluded or the mentee cannot be paired."""
    w = weights or match_weights()
    if not mentees or not mentors:
        return np.full((len(mentees), len(mentors)), np.nan)
    zero = np.zeros((len(mentees), len(mentors)))
    total = zero + w["direction"] * _common([e.requests for e in mentees], [m.directions for m in mentors])
    subjects: dict = {}
    mentor_subject, mentee_subject = (
        _codes([m.subject for m in mentors], subjects),
        _codes([e.subject for e in mentees], subjects),
    )
    same_subject = (mentee_subject[:, None] == mentor_subject[None, :]) & (mentor_subject >= 0)[None, :]
    total = total + np.where(same_subject, w["subject"], 0.0)
    experience, qualification, free_place = _mentor_points(mentors, w)
    total = total + experience[None, :]
    total = total + qualification[None, :]
    total = total + free_place[None, :]
    wanted = _common([{e.form} if e.form else set() for e in mentees], [m.forms for m in mentors]) > 0
    stated = np.array([bool(e.form) for e in mentees])[:, None] & np.array([bool(m.forms) for m in mentors])[None, :]
    total = total + np.where(stated, np.where(wanted, w["form"], w["form_mismatch"]), 0.0)
    total = total + w["type"] * _common([e.types for e in mentees], [m.types for m in mentors])
    modes: dict = {}
    mentor_mode, mentee_mode = _codes([m.mode for m in mentors], modes), _codes([e.mode for e in mentees], modes)
    mixed = modes.get(Mode.MIXED, -2)
    agree = (
        (mentee_mode[:, None] == mentor_mode[None, :])
        | (mentee_mode == mixed)[:, None]
        | (mentor_mode == mixed)[None, :]
    )
    agree &= (mentee_mode >= 0)[:, None] & (mentor_mode >= 0)[None, :]
    total = total + np.where(agree, w["mode"], 0.0)
    excluded = np.array([e.person_id for e in mentees])[:, None] == np.array([m.person_id for m in mentors])[None, :]
    excluded |= np.array([not m.has_consent or m.capacity - m.load <= 0 for m in mentors])[None, :]
    excluded |= np.array([not e.has_consent for e in mentees])[:, None]
    total[excluded] = np.nan
    return total


def propose_assignment(
    mentees: list[MenteeCandidate],
    mentors: list[MentorCandidate],
    *,
    weights: dict | None = None,
    scores: np.ndarray | None = None,
) -> list[ProposalLine]:
    """Assign waiting mentees to mentors maximising the total score under every mentor's free places.

    The Hungarian method (scipy's `linear_sum_assignment`) on a capacity-expanded matrix: one column per free
    place of each mentor, plus one zero-cost "stays waiting" column per mentee. Pairs scoring below `minimum`
    are infeasible, so nobody is pushed into a poor pair, and when places run short the mentees whose pairs
    add least to the total are the ones left waiting. `scores`: the matrix when the caller already has it.
    """
    w = weights or match_weights()
    lines_out: list[ProposalLine] = []
    if not mentees:
        return lines_out
    if scores is None:
        scores = score_matrix(mentees, mentors, weights=w)
    free = np.array([m.free for m in mentors], dtype=int)
    slot_owner = np.repeat(np.arange(len(mentors)), free)
    feasible = ~np.isnan(scores) & (scores >= w["minimum"])
    cost_real = np.where(feasible, -np.nan_to_num(scores), _INFEASIBLE)[:, slot_owner]
    cost = np.hstack([cost_real, np.zeros((len(mentees), len(mentees)))])
    rows, cols = linear_sum_assignment(cost)
    chosen = dict(zip(rows.tolist(), cols.tolist(), strict=True))
    for i, mentee in enumerate(mentees):
        col = chosen.get(i)
        if col is not None and col < len(slot_owner) and cost[i, col] < _INFEASIBLE:
            j = int(slot_owner[col])
            lines_out.append(ProposalLine(mentee, mentors[j], float(scores[i, j])))
        else:
            lines_out.append(ProposalLine(mentee, None, 0.0))
    return lines_out


def top_options(scores: np.ndarray, mentors: list[MentorCandidate], limit: int = 15) -> list[list[list]]:
    """Per mentee (row), the best `limit` mentors not excluded as [[mentor id, score], …], best first (ties by
    name): what the draft page offers in its choice lists, taken from the matrix the proposal already scored.
    One sort of the whole matrix along its rows."""
    if not mentors:
        return [[] for _row in scores]
    by_name = np.empty(len(mentors), dtype=int)
    by_name[sorted(range(len(mentors)), key=lambda j: mentors[j].name)] = np.arange(len(mentors))
    best = -np.nan_to_num(scores, nan=-np.inf)
    order = np.lexsort((np.broadcast_to(by_name, scores.shape), best), axis=-1)[:, :limit]
    chosen = np.take_along_axis(scores, order, axis=1)
    ids = [m.person_id for m in mentors]
    return [
        [[ids[j], round(value, 2)] for j, value in zip(row_order, row_values, strict=True) if value == value]  # not NaN
        for row_order, row_values in zip(order.tolist(), chosen.tolist(), strict=True)
    ]


def greedy_assignment(
    mentees: list[MenteeCandidate],
    mentors: list[MentorCandidate],
    *,
    weights: dict | None = None,
    scores: np.ndarray | None = None,
) -> list[ProposalLine]:
    """The obvious baseline: best pairs first while places last. Used to check the optimum is never worse.
    Pairs are taken in score order, ties in (mentee, mentor) order; `scores`: the matrix when the caller has it."""
    w = weights or match_weights()
    if scores is None:
        scores = score_matrix(mentees, mentors, weights=w)
    flat = scores.ravel()
    usable = np.flatnonzero(~np.isnan(flat))
    usable = usable[flat[usable] >= w["minimum"]]
    order = usable[np.argsort(-flat[usable], kind="stable")]
    left = [m.free for m in mentors]
    places = sum(left)
    taken: dict[int, int] = {}
    for k in order.tolist():
        i, j = divmod(k, len(mentors))
        if i not in taken and left[j] > 0:
            taken[i] = j
            left[j] -= 1
            if len(taken) == len(mentees) or len(taken) == places:
                break
    return [
        ProposalLine(m, mentors[taken[i]], float(scores[i, taken[i]])) if i in taken else ProposalLine(m, None, 0.0)
        for i, m in enumerate(mentees)
    ]


def proposal_total(lines: list[ProposalLine]) -> float:
    return round(sum(line.score for line in lines if line.mentor is not None), 2)
