from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Cancerplan – administration")
admin.site.site_title = _("Cancerplan")

urlpatterns = [
    path("", include("plans.urls")),
    path("uppfoljning/", include("followup.urls")),
    path("moten/", include("meetings.urls")),
    path("overenskommelser/", include("agreements.urls")),
    path("konto/aviseringar/", include("notifications.urls")),
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("registry.urls")),
]
