from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import QueuedPasswordResetForm

app_name = "registry"

password_reset = [
    path(
        "losenord/glomt/",
        auth_views.PasswordResetView.as_view(
            form_class=QueuedPasswordResetForm,
            template_name="registration/password_reset_form.html",
            email_template_name="registration/password_reset_email.txt",
            html_email_template_name="registration/password_reset_email.html",
            subject_template_name="registration/password_reset_subject.txt",
            success_url=reverse_lazy("registry:password-reset-done"),
        ),
        name="password-reset",
    ),
    path(
        "losenord/glomt/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "losenord/nytt/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("registry:password-reset-complete")
        ),
        name="password-reset-confirm",
    ),
    path(
        "losenord/nytt/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]

urlpatterns = [
    path("personer/", views.people_index, name="people-index"),
    path("personer/<slug:code>/", views.people_list, name="people"),
    path("personer/<slug:code>/bjud-in/", views.invitation_create, name="invitation-create"),
    path("personer/<slug:code>/<int:pk>/", views.person_detail, name="person-detail"),
    path(
        "personer/<slug:code>/<int:pk>/inaktivera/",
        views.person_set_active,
        {"active": False},
        name="person-deactivate",
    ),
    path(
        "personer/<slug:code>/<int:pk>/aktivera/",
        views.person_set_active,
        {"active": True},
        name="person-reactivate",
    ),
    path(
        "personer/<slug:code>/roller/<int:pk>/ta-bort/",
        views.membership_remove,
        name="membership-remove",
    ),
    path(
        "personer/<slug:code>/inbjudningar/<int:pk>/skicka-igen/",
        views.invitation_resend,
        name="invitation-resend",
    ),
    path("inbjudan/<str:token>/", views.invitation_accept, name="invitation-accept"),
    *password_reset,
]
