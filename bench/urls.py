"""The app's URLs plus a hello-world view, the floor that bench/load.py measures pages against."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("ok")


urlpatterns = [
    path("bench-hello/", hello),
    path("", include("cancerplan.urls")),
]
