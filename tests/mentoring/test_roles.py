"""The Roles page's service: there is always an active director and an active curator, even under concurrency."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from mentoring.services.accounts import account_deactivate
from mentoring.services.roles import role_grant, role_revoke
from tests import factories


@pytest.mark.django_db
def test_the_last_director_and_the_last_curator_keep_their_role(director, curator):
    with pytest.raises(ValidationError, match="единственный директор"):
        role_revoke(user=director, role="director", by=director)
    with pytest.raises(ValidationError, match="единственный куратор"):
        role_revoke(user=curator, role="curator", by=director)
    assert director.groups.filter(name="director").exists() and curator.groups.filter(name="curator").exists()


@pytest.mark.django_db
def test_a_role_passes_to_someone_else_and_then_can_be_taken(director, curator):
    second = factories.UserFactory(username="second")
    role_grant(user=second, role="curator", by=director)
    role_revoke(user=curator, role="curator", by=director)
    assert list(second.groups.values_list("name", flat=True)) == ["curator"]
    assert not curator.groups.filter(name="curator").exists()


@pytest.mark.django_db
def test_a_deactivated_holder_does_not_count(director, curator):
    second = factories.UserFactory(username="second", roles=["curator"], is_active=False)
    with pytest.raises(ValidationError):
        role_revoke(user=curator, role="curator", by=director)
    assert second.pk


@pytest.mark.django_db
def test_the_last_curators_account_cannot_be_deactivated(director, curator):
    person = factories.PersonFactory(user=curator)
    with pytest.raises(ValidationError, match="единственный куратор"):
        account_deactivate(person=person, by=director)


@pytest.mark.django_db
def test_only_the_roles_of_the_page_are_given_there(director):
    with pytest.raises(ValidationError):
        role_grant(user=director, role="mentor", by=director)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_removals_cannot_both_pass():
    """Two curators remove each other's role at the same moment: the lock lets exactly one through."""
    first = factories.UserFactory(username="c1", roles=["curator", "director"])
    second = factories.UserFactory(username="c2", roles=["curator"])
    barrier = threading.Barrier(2)
    results = {}

    def remove(user):
        try:
            barrier.wait(timeout=10)
            role_revoke(user=user, role="curator", by=user)
            results[user.username] = "removed"
        except ValidationError:
            results[user.username] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=remove, args=(u,)) for u in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results.values()) == ["refused", "removed"]
    from django.contrib.auth.models import Group

    assert Group.objects.get(name="curator").user_set.count() == 1
