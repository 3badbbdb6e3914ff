"""Uploaded images are never open media: editors see a draft's image through a role-checked view."""

import pytest
from django.urls import reverse

from tests import factories_public as fp

pytestmark = pytest.mark.django_db


def test_editor_sees_the_image_of_an_unpublished_item(client, site_editor, jpeg_with_gps):
    item = fp.news(published=False, image=jpeg_with_gps(), image_alt="Учителя на семинаре")
    client.force_login(site_editor)
    response = client.get(reverse("public:edit_image", args=["news", item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    page = client.get(reverse("public:edit_item", args=["news", item.pk])).content.decode()
    assert reverse("public:edit_image", args=["news", item.pk]) in page
    assert "/media/" not in page


def test_strangers_and_mentors_do_not_get_the_image(client, mentor_with_pair, jpeg_with_gps):
    item = fp.news(published=False, image=jpeg_with_gps(), image_alt="Учителя на семинаре")
    url = reverse("public:edit_image", args=["news", item.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(mentor_with_pair)
    assert client.get(url).status_code == 403
    assert client.get(reverse("public:image", args=["news", item.pk])).status_code == 404  # not published


def test_media_files_have_no_open_route(client, jpeg_with_gps):
    item = fp.news(published=True, image=jpeg_with_gps(), image_alt="Учителя на семинаре")
    assert client.get(f"/media/{item.image.name}").status_code == 404
