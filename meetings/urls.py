from django.urls import path

import documents.converters  # noqa: F401 (registers <id:…>)

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("<id:pk>/", views.meeting_detail, name="meeting-detail"),
]
