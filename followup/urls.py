from django.urls import path

import documents.converters  # noqa: F401 (registers <id:…>)

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("ny/<slug:slug>/", views.round_create, name="round-create"),
    path("<id:pk>/", views.round_detail, name="round-detail"),
    path("<id:pk>/texter/", views.round_texts, name="round-texts"),
    path("<id:pk>/texter/spara/", views.round_texts_save, name="round-texts-save"),
    path("<id:pk>/status/<str:action>/", views.round_transition, name="round-transition"),
    path("<id:pk>/sista-dag/", views.round_deadline, name="round-deadline"),
    path("<id:pk>/matris/", views.round_matrix, name="round-matrix"),
    path("<id:pk>/mal/<id:goal_pk>/", views.goal_detail, name="goal-detail"),
    path("<id:pk>/export.<str:fmt>", views.round_export, name="round-export"),
    path("<id:pk>/rapport.pdf", views.round_pdf, name="round-pdf"),
    path("<id:pk>/rapport/", views.round_pdf_preview, name="round-pdf-preview"),
    path(
        "<id:pk>/publicerad/<id:number>/rapport.pdf",
        views.published_report_pdf,
        name="published-report-pdf",
    ),
    path(
        "<id:pk>/region/<str:code>/rapport.pdf",
        views.region_report_pdf,
        name="region-report-pdf",
    ),
    path(
        "<id:pk>/region/<str:code>/rapport/",
        views.region_report_pdf_preview,
        name="region-report-pdf-preview",
    ),
    path("<id:pk>/region/<str:code>/", views.region_report, name="region-report"),
    path("<id:pk>/region/<str:code>/spara/", views.region_report_save, name="region-report-save"),
    path(
        "<id:pk>/region/<str:code>/skicka-in/",
        views.region_report_submit,
        name="region-report-submit",
    ),
    path(
        "<id:pk>/region/<str:code>/aterforvisa/",
        views.region_report_return,
        name="region-report-return",
    ),
    path(
        "<id:pk>/region/<str:code>/mal/<id:goal_pk>/",
        views.assessment_detail,
        name="assessment-detail",
    ),
    path(
        "<id:pk>/region/<str:code>/mal/<id:goal_pk>/kondenserad/",
        views.assessment_condense,
        name="assessment-condense",
    ),
    path(
        "<id:pk>/region/<str:code>/mal/<id:goal_pk>/rcc-kommentar/",
        views.rcc_comment_save,
        name="rcc-comment-save",
    ),
]
