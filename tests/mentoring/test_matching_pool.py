"""The whole-pool matrix gives exactly the pair-by-pair score, the best-first baseline takes the pairs in the
same order as the obvious loop, and the board's cut ranking is the full ranking cut (no database)."""

import math
import random

import pytest

from mentoring.choices import Direction, MentoringForm, MentoringType, Mode, QualificationCategory
from mentoring.matching import (
    greedy_assignment,
    match_weights,
    rank_mentors,
    rank_mentors_top,
    score,
    score_matrix,
    top_options,
)
from tests.factories_groups import mentee_candidate, mentor_candidate


def _some(rng, values, most):
    return frozenset(rng.sample(values, rng.randint(0, most)))


def _rich_pool(seed: int, n_mentees: int = 25, n_mentors: int = 12):
    """Every feature the score reads, with empty values, full mentors, missing consents and a person who is on
    both sides (the self-exclusion)."""
    rng = random.Random(seed)
    subjects = ["", "математика", "физика", "история"]
    modes = ["", *Mode.values]
    mentees = [
        mentee_candidate(
            i,
            requests=_some(rng, Direction.values, 3),
            subject=rng.choice(subjects),
            form=rng.choice(["", *MentoringForm.values]),
            types=_some(rng, MentoringType.values, 2),
            mode=rng.choice(modes),
            has_consent=rng.random() > 0.1,
        )
        for i in range(n_mentees)
    ]
    mentors = [
        mentor_candidate(
            i if i < 3 else 1000 + i,  # the first three are also mentees
            directions=_some(rng, Direction.values, 4),
            subject=rng.choice(subjects),
            service_years=rng.choice([None, 0, 3, 25]),
            qualification=rng.choice(QualificationCategory.values),
            forms=_some(rng, MentoringForm.values, 3),
            types=_some(rng, MentoringType.values, 2),
            mode=rng.choice(modes),
            capacity=rng.randint(1, 3),
            load=rng.choice([0, 0, 1, 3]),
            has_consent=rng.random() > 0.1,
        )
        for i in range(n_mentors)
    ]
    return mentees, mentors


@pytest.mark.parametrize("seed", range(10))
def test_the_matrix_is_the_pair_by_pair_score_to_the_last_bit(seed):
    mentees, mentors = _rich_pool(seed)
    weights = match_weights() | {"form_mismatch": -1.3, "experience_per_year": 0.07}
    matrix = score_matrix(mentees, mentors, weights=weights)
    assert matrix.shape == (len(mentees), len(mentors))
    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(mentors):
            match = score(mentor, mentee, weights=weights, explain=False)
            if match.excluded or not mentee.has_consent:
                assert math.isnan(matrix[i, j])
            else:
                assert matrix[i, j] == match.total  # exactly: the same points added in the same order


def test_the_matrix_of_an_empty_side_is_empty():
    mentees, mentors = _rich_pool(1, 3, 2)
    assert score_matrix([], mentors).shape == (0, 2)
    assert score_matrix(mentees, []).shape == (3, 0)


def _greedy_by_loop(mentees, mentors, weights):
    """The baseline as first written: every pair scored by `score`, sorted, taken while places last."""
    scores = {}
    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(mentors):
            match = score(mentor, mentee, weights=weights, explain=False)
            if mentee.has_consent and not match.excluded and match.total >= weights["minimum"]:
                scores[i, j] = match.total
    pairs = sorted(((s, i, j) for (i, j), s in scores.items()), key=lambda p: -p[0])
    left, taken = {j: m.free for j, m in enumerate(mentors)}, {}
    for _s, i, j in pairs:
        if i not in taken and left[j] > 0:
            taken[i], left[j] = j, left[j] - 1
    return [(i, mentors[j].person_id) for i, j in sorted(taken.items())]


@pytest.mark.parametrize("seed", range(8))
def test_the_baseline_takes_the_same_pairs_as_the_obvious_loop(seed):
    mentees, mentors = _rich_pool(seed, 30, 8)
    weights = match_weights()
    lines = greedy_assignment(mentees, mentors, weights=weights)
    got = [(i, line.mentor.person_id) for i, line in enumerate(lines) if line.mentor]
    assert got == _greedy_by_loop(mentees, mentors, weights)


@pytest.mark.parametrize("limit", [None, 0, 3, 10])
def test_the_boards_cut_ranking_is_the_full_ranking_cut(limit):
    mentees, mentors = _rich_pool(4, 5, 40)
    for mentee in mentees:
        suggestions, excluded = rank_mentors(mentee, mentors)
        ranking = rank_mentors_top(mentee, mentors, limit)
        assert (ranking.suggestions_count, ranking.excluded_count) == (len(suggestions), len(excluded))
        assert [(m.mentor.person_id, m.total, m.reasons) for m in ranking.suggestions] == [
            (m.mentor.person_id, m.total, m.reasons) for m in suggestions[:limit]
        ]
        assert [(m.mentor.person_id, m.excluded) for m in ranking.excluded] == [
            (m.mentor.person_id, m.excluded) for m in excluded[:limit]
        ]


@pytest.mark.parametrize("limit", [1, 5, 15])
def test_the_drafts_choice_lists_are_the_best_mentors_by_score_then_name(limit):
    mentees, mentors = _rich_pool(6, 20, 25)
    mentors = [m for m in mentors if m.person_id >= 1000] + [m for m in mentors if m.person_id < 1000]  # not by name
    matrix = score_matrix(mentees, mentors)
    options = top_options(matrix, mentors, limit)
    for i, row in enumerate(matrix):
        usable = sorted(
            (j for j in range(len(mentors)) if not math.isnan(row[j])), key=lambda j: (-row[j], mentors[j].name)
        )
        assert options[i] == [[mentors[j].person_id, round(float(row[j]), 2)] for j in usable[:limit]]
    assert top_options(score_matrix(mentees, []), [], limit) == [[] for _m in mentees]
