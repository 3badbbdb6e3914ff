"""The match score and the whole-pool assignment, on hand-made cases (no database)."""

import random

import pytest
from django.utils import translation

from mentoring.choices import MentoringForm, Mode, QualificationCategory
from mentoring.matching import (
    default_form,
    greedy_assignment,
    match_weights,
    proposal_total,
    propose_assignment,
    rank_mentors,
    score,
)
from tests.factories_groups import mentee_candidate, mentor_candidate

ONLY_DIRECTIONS = {k: 0.0 for k in match_weights()} | {"direction": 1.0, "minimum": 0.5}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def reasons_of(match):
    return [r.text for r in match.reasons]


def test_mentor_covering_more_requests_and_the_subject_ranks_first():
    mentee = mentee_candidate(1, requests=frozenset({"methodical", "psychological"}), subject="математика")
    best = mentor_candidate(10, directions=frozenset({"methodical", "psychological"}), subject="математика")
    middle = mentor_candidate(11, directions=frozenset({"methodical"}), subject="физика")
    last = mentor_candidate(12, directions=frozenset({"health"}), subject="физика")
    suggestions, excluded = rank_mentors(mentee, [last, middle, best])
    assert [m.mentor.person_id for m in suggestions] == [10, 11, 12]
    assert excluded == []
    assert "Covers the requested directions: Methodical, Psychological and pedagogical" in reasons_of(suggestions[0])
    assert "Same subject: математика" in reasons_of(suggestions[0])
    assert "Covers none of the requested directions" in reasons_of(suggestions[2])


def test_reasons_add_up_to_the_total_and_name_capacity_experience_and_preferences():
    mentee = mentee_candidate(
        1, form=MentoringForm.TEACHER_TEACHER, types=frozenset({"traditional", "virtual"}), mode=Mode.ONLINE
    )
    mentor = mentor_candidate(
        2,
        capacity=2,
        load=1,
        service_years=12,
        qualification=QualificationCategory.HIGHEST,
        forms=frozenset({MentoringForm.TEACHER_TEACHER}),
        types=frozenset({"traditional"}),
        mode=Mode.MIXED,
    )
    match = score(mentor, mentee)
    texts = reasons_of(match)
    assert "1 place free of 2" in texts
    assert "12 years of service" in texts
    assert "Qualification category: highest" in texts
    assert "Ready for the preferred form: teacher – teacher" in texts
    assert "Preferred types in common: traditional (one-to-one)" in texts
    assert "Suitable mode: online" in texts
    assert match.total == pytest.approx(sum(r.points for r in match.reasons), abs=0.01)
    # The quick path used by the whole-pool proposal gives the same total.
    assert score(mentor, mentee, explain=False).total == match.total


def test_experience_counts_up_to_its_cap():
    mentee = mentee_candidate(1)
    w = match_weights()
    veteran = score(mentor_candidate(2, service_years=40), mentee).total
    senior = score(mentor_candidate(3, service_years=int(w["experience_cap"] / w["experience_per_year"])), mentee).total
    junior = score(mentor_candidate(4, service_years=2), mentee).total
    assert veteran == senior > junior


def test_a_form_the_mentor_does_not_want_costs_points():
    mentee = mentee_candidate(1, form=MentoringForm.STUDENT_STUDENT)
    willing = score(mentor_candidate(2, forms=frozenset({MentoringForm.STUDENT_STUDENT})), mentee)
    unwilling = score(mentor_candidate(3, forms=frozenset({MentoringForm.TEACHER_STUDENT})), mentee)
    assert willing.total > unwilling.total
    assert any(r.points < 0 and r.text.startswith("Prefers another form") for r in unwilling.reasons)


def test_full_mentors_and_mentors_without_consent_are_excluded_with_the_reason():
    mentee = mentee_candidate(1)
    full = mentor_candidate(2, capacity=2, load=2)
    no_consent = mentor_candidate(3, has_consent=False)
    ok = mentor_candidate(4)
    suggestions, excluded = rank_mentors(mentee, [full, no_consent, ok])
    assert [m.mentor.person_id for m in suggestions] == [4]
    reasons = {m.mentor.person_id: m.excluded for m in excluded}
    assert reasons == {2: "No free places: 2 of 2 taken", 3: "No valid personal-data consent"}
    assert rank_mentors(mentee, [mentor_candidate(1)])[0] == []  # never the mentee themself


def test_weights_come_from_settings(settings):
    mentee = mentee_candidate(1, requests=frozenset({"methodical"}), subject="химия")
    by_direction = mentor_candidate(2, directions=frozenset({"methodical"}), subject="физика")
    by_subject = mentor_candidate(3, directions=frozenset(), subject="химия")
    assert rank_mentors(mentee, [by_direction, by_subject])[0][0].mentor.person_id == 2
    settings.MENTORING_MATCH_WEIGHTS = {**settings.MENTORING_MATCH_WEIGHTS, "direction": 0.1, "subject": 5.0}
    assert rank_mentors(mentee, [by_direction, by_subject])[0][0].mentor.person_id == 3


def test_reasons_read_in_russian():
    mentee = mentee_candidate(1, requests=frozenset({"methodical"}))
    with translation.override("ru"):
        texts = reasons_of(score(mentor_candidate(2, capacity=2, load=1, service_years=5), mentee))
        texts += reasons_of(score(mentor_candidate(3, capacity=5, load=0, service_years=21), mentee))
        excluded = score(mentor_candidate(4, has_consent=False), mentee).excluded
    assert "свободно 1 место из 2" in texts
    assert "свободно 5 мест из 5" in texts
    assert "стаж 5 лет" in texts and "стаж 21 год" in texts
    assert "Совпадают направления запроса: Методическое" in texts
    assert excluded == "Нет действующего согласия на обработку персональных данных"


def test_default_form_follows_the_wish_then_the_categories():
    pupil = mentee_candidate(1, category="student", form="")
    assert default_form(mentor_candidate(2, category="student"), pupil) == MentoringForm.STUDENT_STUDENT
    assert default_form(mentor_candidate(3, category="teacher"), pupil) == MentoringForm.TEACHER_STUDENT
    wish = mentee_candidate(4, form=MentoringForm.DIRECTOR_TEACHER)
    assert default_form(mentor_candidate(5), wish) == MentoringForm.DIRECTOR_TEACHER


# --- The whole-pool proposal ----------------------------------------------------------------------


def _assigned(lines):
    return {line.mentee.person_id: line.mentor.person_id for line in lines if line.mentor}


def test_optimum_beats_greedy_where_greedy_blocks_the_second_mentee():
    # Greedy gives A to X (4 points) and leaves B alone; the optimum pairs A–Y and B–X (3 + 3).
    a = mentee_candidate(1, requests=frozenset({"scientific", "regulatory", "professional", "methodical"}))
    b = mentee_candidate(2, requests=frozenset({"methodical", "digital", "health"}))
    x = mentor_candidate(
        10,
        capacity=1,
        directions=frozenset({"scientific", "regulatory", "professional", "methodical", "digital", "health"}),
    )
    y = mentor_candidate(11, capacity=1, directions=frozenset({"scientific", "regulatory", "professional"}))
    greedy = greedy_assignment([a, b], [x, y], weights=ONLY_DIRECTIONS)
    best = propose_assignment([a, b], [x, y], weights=ONLY_DIRECTIONS)
    assert _assigned(greedy) == {1: 10}
    assert _assigned(best) == {1: 11, 2: 10}
    assert proposal_total(best) == 6 > proposal_total(greedy) == 4


def test_more_mentees_than_places_leaves_the_lowest_scoring_waiting():
    mentor = mentor_candidate(10, capacity=2, directions=frozenset({"methodical", "digital", "health"}))
    strong = mentee_candidate(1, requests=frozenset({"methodical", "digital", "health"}))
    medium = mentee_candidate(2, requests=frozenset({"methodical", "digital"}))
    weak = mentee_candidate(3, requests=frozenset({"methodical"}))
    lines = propose_assignment([weak, medium, strong], [mentor], weights=ONLY_DIRECTIONS)
    assert _assigned(lines) == {1: 10, 2: 10}
    waiting = [line.mentee.person_id for line in lines if line.mentor is None]
    assert waiting == [3]


def test_pairs_below_the_minimum_and_excluded_mentors_are_never_proposed():
    mentee = mentee_candidate(1, requests=frozenset({"health"}))
    no_match = mentor_candidate(10, directions=frozenset({"digital"}))
    full = mentor_candidate(11, directions=frozenset({"health"}), capacity=1, load=1)
    no_consent = mentor_candidate(12, directions=frozenset({"health"}), has_consent=False)
    lines = propose_assignment([mentee], [no_match, full, no_consent], weights=ONLY_DIRECTIONS)
    assert _assigned(lines) == {}
    without_consent = mentee_candidate(2, requests=frozenset({"digital"}), has_consent=False)
    assert _assigned(propose_assignment([without_consent], [no_match], weights=ONLY_DIRECTIONS)) == {}


def _random_pool(seed, n_mentees, n_mentors):
    rng = random.Random(seed)
    directions = ["scientific", "regulatory", "professional", "psychological", "methodical", "digital", "health"]
    subjects = ["математика", "физика", "история", "химия"]
    mentees = [
        mentee_candidate(
            i,
            requests=frozenset(rng.sample(directions, rng.randint(1, 3))),
            subject=rng.choice(subjects),
            mode=rng.choice(["online", "in_person", "mixed"]),
        )
        for i in range(n_mentees)
    ]
    mentors = [
        mentor_candidate(
            1000 + j,
            directions=frozenset(rng.sample(directions, rng.randint(1, 4))),
            subject=rng.choice(subjects),
            capacity=rng.randint(1, 3),
            load=rng.choice([0, 0, 1]),
            service_years=rng.randint(0, 30),
            mode=rng.choice(["online", "in_person", "mixed"]),
            has_consent=rng.random() > 0.1,
        )
        for j in range(n_mentors)
    ]
    return mentees, mentors


@pytest.mark.parametrize("seed", range(15))
def test_proposal_respects_capacity_and_is_never_worse_than_greedy(seed):
    mentees, mentors = _random_pool(seed, n_mentees=30, n_mentors=8)
    lines = propose_assignment(mentees, mentors)
    per_mentor = {}
    for line in lines:
        if line.mentor:
            per_mentor[line.mentor.person_id] = per_mentor.get(line.mentor.person_id, 0) + 1
            assert line.mentor.has_consent
    free = {m.person_id: m.free for m in mentors}
    assert all(count <= free[pk] for pk, count in per_mentor.items())
    assert len(lines) == len(mentees)
    assert proposal_total(lines) >= proposal_total(greedy_assignment(mentees, mentors)) - 1e-9
