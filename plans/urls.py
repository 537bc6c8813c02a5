from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("planer/<slug:slug>/", views.plan_detail, name="plan-detail"),
    path(
        "planer/<slug:slug>/forkortningar/",
        views.plan_abbreviations,
        name="plan-abbreviations",
    ),
    path("planer/<slug:slug>/kopiera/", views.plan_copy, name="plan-copy"),
    path("planer/<slug:slug>/godkann/", views.plan_approve, name="plan-approve"),
    path("planer/<slug:slug>/status/<str:action>/", views.plan_transition, name="plan-transition"),
    path("planer/<slug:slug>/plan.pdf", views.plan_pdf, name="plan-pdf"),
    path("planer/<slug:slug>/utskrift/", views.plan_pdf_preview, name="plan-pdf-preview"),
    path(
        "planer/<slug:slug>/export.<str:fmt>",
        views.plan_export_download,
        name="plan-export",
    ),
]
