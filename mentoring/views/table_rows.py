"""What the tables built in Python share (`bank_rows`, `group_rows`, `people_rows`): work done once a page, not
once a row — a detail page's address by id, the translated labels of a choice class, the consent badges."""

from django.template.loader import render_to_string
from django.urls import reverse


def detail_urls(url_name: str):
    """A detail page's address by id: reversed once a page, the id put in (fifty reversals cost a millisecond)."""
    head, tail = reverse(url_name, args=[0]).rsplit("0/", 1)
    return lambda pk: f"{head}{pk}/{tail}"


def choice_labels(choices) -> dict:
    """{value: label} of a choice class, translated once for the page."""
    return {value: str(label) for value, label in choices}


def consent_badges():
    """The consent badge of each state (the people's partial), rendered once per page."""
    cache: dict[str, str] = {}

    def badge(state: str) -> str:
        if state not in cache:
            cache[state] = render_to_string("mentoring/people/_consent_badge.html", {"state": state})
        return cache[state]

    return badge
