from django.urls import path

import documents.converters  # noqa: F401 (registers <id:…>)

from . import views
from .views import agenda, attendance, minutes_pdf
from .views import attachments as attachment_views
from .views import decisions as decision_views
from .views import feed as feed_views
from .views import history as history_views
from .views import presence as presence_views
from .views import proposals as proposal_views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("<id:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<id:pk>/kalender.ics", views.meeting_calendar, name="meeting-calendar"),
    path("<id:pk>/protokoll.pdf", minutes_pdf.meeting_minutes_pdf, name="meeting-minutes-pdf"),
    path("grupp/<id:pk>/kalender.ics", views.group_calendar, name="group-calendar"),
    path("grupp/<id:pk>/narvaro/", presence_views.group_presence_view, name="group-presence"),
    path("grupp/<id:group_pk>/nytt-mote/", agenda.meeting_create, name="meeting-create"),
    path("<id:pk>/uppgifter/", agenda.meeting_edit, name="meeting-edit"),
    path("<id:pk>/dagordning/", agenda.meeting_agenda, name="meeting-agenda"),
    path("<id:pk>/status/", agenda.meeting_state, name="meeting-state"),
    path("<id:pk>/sammanfattning/", agenda.summary_edit, name="summary-edit"),
    path("<id:pk>/punkter/ny/", agenda.item_create, name="item-create"),
    path("<id:pk>/punkter/<id:item_pk>/", agenda.item_edit, name="item-edit"),
    path("<id:pk>/punkter/<id:item_pk>/flytta/", agenda.item_move, name="item-move"),
    path("<id:pk>/punkter/<id:item_pk>/ta-bort/", agenda.item_delete, name="item-delete"),
    path(
        "<id:pk>/punkter/<id:item_pk>/nytt-beslut/",
        agenda.decision_create,
        name="decision-create",
    ),
    path("<id:pk>/beslut/<id:decision_pk>/", agenda.decision_edit, name="decision-edit"),
    path(
        "<id:pk>/beslut/<id:decision_pk>/ta-bort/",
        agenda.decision_delete,
        name="decision-delete",
    ),
    path("<id:pk>/narvaro/", attendance.meeting_attendance, name="meeting-attendance"),
    path("<id:pk>/narvaro/kallad/", attendance.invited_add, name="invited-add"),
    path(
        "<id:pk>/narvaro/kallad/<id:attendance_pk>/ta-bort/",
        attendance.invited_remove,
        name="invited-remove",
    ),
    path("<id:pk>/bilagor/", attachment_views.meeting_attachments, name="meeting-attachments"),
    path(
        "<id:pk>/bilagor/<id:attachment>/ta-bort/",
        attachment_views.attachment_delete_confirm,
        name="attachment-delete",
    ),
    path(
        "<id:pk>/bilagor/<id:attachment>/<str:filename>",
        attachment_views.attachment_download,
        name="attachment-download",
    ),
    path("<id:pk>/historik/", history_views.meeting_history, name="meeting-history"),
    path("<id:pk>/forslag/", proposal_views.meeting_proposals, name="meeting-proposals"),
    path(
        "<id:pk>/forslag/<id:proposal_pk>/anta/",
        proposal_views.proposal_accept,
        name="proposal-accept",
    ),
    path(
        "<id:pk>/forslag/<id:proposal_pk>/avboj/",
        proposal_views.proposal_decline,
        name="proposal-decline",
    ),
    path(
        "<id:pk>/forslag/<id:proposal_pk>/ta-tillbaka/",
        proposal_views.proposal_withdraw,
        name="proposal-withdraw",
    ),
    path("grupp/<id:pk>/beslut/", decision_views.group_decisions, name="group-decisions"),
    path("beslut/<id:pk>/klart/", decision_views.decision_done, name="decision-done"),
    path("beslut/<id:pk>/oppna/", decision_views.decision_reopen, name="decision-reopen"),
    path("prenumeration/<slug:token>.ics", feed_views.group_feed, name="group-feed"),
    path(
        "grupp/<id:pk>/prenumeration/byt/",
        feed_views.group_feed_rotate,
        name="group-feed-rotate",
    ),
]
