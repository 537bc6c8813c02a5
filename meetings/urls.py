from django.urls import path

import documents.converters  # noqa: F401 (registers <id:…>)

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("<id:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<id:pk>/kalender.ics", views.meeting_calendar, name="meeting-calendar"),
    path("grupp/<id:pk>/kalender.ics", views.group_calendar, name="group-calendar"),
]
