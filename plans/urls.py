from django.urls import path

import documents.converters  # noqa: F401 (registers <id:…>)

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("ny-plan/", views.plan_create, name="plan-create"),
    path("ny-plan/<str:token>/", views.plan_create_preview, name="plan-create-preview"),
    path("planer/<slug:slug>/", views.plan_detail, name="plan-detail"),
    path(
        "planer/<slug:slug>/forkortningar/",
        views.plan_abbreviations,
        name="plan-abbreviations",
    ),
    path("planer/<slug:slug>/kopiera/", views.plan_copy, name="plan-copy"),
    path("planer/<slug:slug>/godkann/", views.plan_approve, name="plan-approve"),
    path("planer/<slug:slug>/uppgifter/", views.plan_edit_details, name="plan-edit-details"),
    path("planer/<slug:slug>/ta-bort/", views.plan_delete, name="plan-delete"),
    path("planer/<slug:slug>/status/<str:action>/", views.plan_transition, name="plan-transition"),
    path("planer/<slug:slug>/redigera/", views.plan_edit, name="plan-edit"),
    path("planer/<slug:slug>/uppdatera/", views.plan_update, name="plan-update"),
    path(
        "planer/<slug:slug>/uppdatera/<str:token>/",
        views.plan_update_preview,
        name="plan-update-preview",
    ),
    path("planer/<slug:slug>/redigera/<str:kind>/ny/", views.row_add, name="row-add"),
    path("planer/<slug:slug>/redigera/<str:kind>/<id:pk>/", views.row_detail, name="row-detail"),
    path("planer/<slug:slug>/redigera/<str:kind>/<id:pk>/andra/", views.row_edit, name="row-edit"),
    path("planer/<slug:slug>/redigera/<str:kind>/<id:pk>/flytta/", views.row_move, name="row-move"),
    path(
        "planer/<slug:slug>/redigera/<str:kind>/<id:pk>/ta-bort/",
        views.row_delete,
        name="row-delete",
    ),
    path("planer/<slug:slug>/tackning/", views.plan_coverage, name="plan-coverage"),
    path("planer/<slug:slug>/historik/", views.plan_history, name="plan-history"),
    path(
        "planer/<slug:slug>/historik/<str:kind>/<id:history_id>/aterstall-version/",
        views.plan_history_restore_version,
        name="plan-history-restore-version",
    ),
    path(
        "planer/<slug:slug>/historik/<str:kind>/<id:history_id>/aterstall/",
        views.plan_history_restore_deleted,
        name="plan-history-restore-deleted",
    ),
    path("borttagna-planer/", views.deleted_plans, name="deleted-plans"),
    path(
        "borttagna-planer/<id:history_id>/aterstall/",
        views.deleted_plan_restore,
        name="deleted-plan-restore",
    ),
    path("planer/<slug:slug>/plan.pdf", views.plan_pdf, name="plan-pdf"),
    path("planer/<slug:slug>/utskrift/", views.plan_pdf_preview, name="plan-pdf-preview"),
    path(
        "planer/<slug:slug>/export.<str:fmt>",
        views.plan_export_download,
        name="plan-export",
    ),
]
