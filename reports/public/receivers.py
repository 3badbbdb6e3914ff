"""Receivers that keep the public section truthful: the page cache follows every change the pages read."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .services import person_unpublish, public_cache_bump_on_commit


def _bump(sender, **kwargs):
    # After commit, and a cache error is logged: a write never fails because the cache is down.
    public_cache_bump_on_commit()


def _on_person_anonymised(sender, person, **kwargs):
    person_unpublish(person=person)


def connect() -> None:
    from mentoring.models import Consent, GroupMembership, MentoringGroup, Organisation, Person
    from programmes.models import Programme

    from ..models import Case, NewsItem

    # Consents decide what names appear; groups and programmes decide the figures and lists.
    for model in (Consent, Person, MentoringGroup, GroupMembership, Organisation, Programme):
        post_save.connect(_bump, sender=model, dispatch_uid=f"public-cache-{model._meta.label}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"public-cache-del-{model._meta.label}")
    for model in (NewsItem, Case):
        m2m_changed.connect(
            _bump, sender=model.people_in_image.through, dispatch_uid=f"public-cache-m2m-{model._meta.label}"
        )
    from mentoring.signals import person_anonymised

    from ..models import Order

    post_save.connect(_bump, sender=Order, dispatch_uid="public-cache-order")
    person_anonymised.connect(_on_person_anonymised, dispatch_uid="public-person-anonymised")
