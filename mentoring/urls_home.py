from django.urls import path

from .views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("home/curator/", home.curator_home, name="curator_home"),
    path("home/director/", home.director_home, name="director_home"),
    path("home/mentor/", home.member_home, name="member_home"),
]
