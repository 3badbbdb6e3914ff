"""Whole-pool proposal speed: 500 waiting mentees × 150 mentors (scores + assignment), against greedy.

    .venv/bin/python benchmarks/matching.py

Pure computation on candidates as the selectors build them; no database is touched.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from mentoring.choices import Direction, MentoringForm, MentoringType, Mode, QualificationCategory  # noqa: E402
from mentoring.matching import (  # noqa: E402
    MenteeCandidate,
    MentorCandidate,
    greedy_assignment,
    proposal_total,
    propose_assignment,
    score_matrix,
)

SUBJECTS = ["математика", "физика", "история", "химия", "биология", "русский язык", "информатика", "английский язык"]


def pool(n_mentees: int, n_mentors: int, seed: int = 71):
    rng = random.Random(seed)
    directions, forms, types = list(Direction.values), list(MentoringForm.values), list(MentoringType.values)
    mentees = [
        MenteeCandidate(
            person_id=i,
            name=f"Наставляемый {i:04d}",
            subject=rng.choice(SUBJECTS),
            requests=frozenset(rng.sample(directions, rng.randint(1, 3))),
            form=rng.choice(forms),
            types=frozenset(rng.sample(types, 2)),
            mode=rng.choice(Mode.values),
        )
        for i in range(n_mentees)
    ]
    mentors = [
        MentorCandidate(
            person_id=10_000 + j,
            name=f"Наставник {j:04d}",
            subject=rng.choice(SUBJECTS),
            service_years=rng.randint(3, 35),
            qualification=rng.choice(QualificationCategory.values),
            directions=frozenset(rng.sample(directions, rng.randint(2, 4))),
            forms=frozenset(rng.sample(forms, 2)),
            types=frozenset(rng.sample(types, 3)),
            mode=rng.choice(Mode.values),
            capacity=rng.choice([1, 2, 2, 3, 4]),
            load=rng.choice([0, 0, 0, 1]),
            has_consent=rng.random() > 0.05,
        )
        for j in range(n_mentors)
    ]
    return mentees, mentors


def timed(fn, repeat=5):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return result, statistics.median(runs), min(runs)


def main():
    mentees, mentors = pool(500, 150)
    places = sum(m.free for m in mentors if m.has_consent)
    print(f"pool: {len(mentees)} mentees, {len(mentors)} mentors, {places} free places")
    _m, med, best = timed(lambda: score_matrix(mentees, mentors))
    print(f"score matrix (75,000 scores):      median {med * 1000:7.1f} ms   best {best * 1000:7.1f} ms")
    lines, med, best = timed(lambda: propose_assignment(mentees, mentors))
    print(f"whole-pool proposal (scores + LSA): median {med * 1000:7.1f} ms   best {best * 1000:7.1f} ms")
    greedy, gmed, _b = timed(lambda: greedy_assignment(mentees, mentors), repeat=3)
    paired = sum(1 for line in lines if line.mentor)
    print(f"greedy baseline:                    median {gmed * 1000:7.1f} ms")
    print(
        f"paired {paired} (greedy {sum(1 for line in greedy if line.mentor)}); "
        f"total score {proposal_total(lines)} vs greedy {proposal_total(greedy)}"
    )


if __name__ == "__main__":
    main()
