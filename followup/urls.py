from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("ny/<slug:slug>/", views.round_create, name="round-create"),
    path("<int:pk>/", views.round_detail, name="round-detail"),
    path("<int:pk>/texter/", views.round_texts, name="round-texts"),
    path("<int:pk>/texter/spara/", views.round_texts_save, name="round-texts-save"),
    path("<int:pk>/status/<str:action>/", views.round_transition, name="round-transition"),
    path("<int:pk>/sista-dag/", views.round_deadline, name="round-deadline"),
    path("<int:pk>/matris/", views.round_matrix, name="round-matrix"),
    path("<int:pk>/export.<str:fmt>", views.round_export, name="round-export"),
    path("<int:pk>/rapport.pdf", views.round_pdf, name="round-pdf"),
    path("<int:pk>/rapport/", views.round_pdf_preview, name="round-pdf-preview"),
    path(
        "<int:pk>/region/<str:code>/rapport.pdf",
        views.region_report_pdf,
        name="region-report-pdf",
    ),
    path(
        "<int:pk>/region/<str:code>/rapport/",
        views.region_report_pdf_preview,
        name="region-report-pdf-preview",
    ),
    path("<int:pk>/region/<str:code>/", views.region_report, name="region-report"),
    path("<int:pk>/region/<str:code>/spara/", views.region_report_save, name="region-report-save"),
    path(
        "<int:pk>/region/<str:code>/skicka-in/",
        views.region_report_submit,
        name="region-report-submit",
    ),
    path(
        "<int:pk>/region/<str:code>/aterforvisa/",
        views.region_report_return,
        name="region-report-return",
    ),
    path(
        "<int:pk>/region/<str:code>/mal/<int:goal_pk>/",
        views.assessment_detail,
        name="assessment-detail",
    ),
    path(
        "<int:pk>/region/<str:code>/mal/<int:goal_pk>/kondenserad/",
        views.assessment_condense,
        name="assessment-condense",
    ),
    path(
        "<int:pk>/region/<str:code>/mal/<int:goal_pk>/rcc-kommentar/",
        views.rcc_comment_save,
        name="rcc-comment-save",
    ),
]
