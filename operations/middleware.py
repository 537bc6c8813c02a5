from django.http import HttpRequest, HttpResponse

from .views import healthz

HEALTH_CHECK_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answers /healthz before any other middleware.

    A load balancer or docker's healthcheck probes the container by its address over plain http,
    so the probe must not meet ALLOWED_HOSTS (400) or the https redirect (301).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_CHECK_PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Cache-Control: private, no-store on what only a logged-in person may see.

    Every page for a logged-in user, every download (a response with Content-Disposition) and
    the login pages, so that neither a shared proxy nor the browser's cache keeps a plan, a
    report or a session's form after logout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = request.resolver_match
        if (
            (user is not None and user.is_authenticated)
            or response.has_header("Content-Disposition")
            or (match is not None and match.url_name == "login")
        ):
            response["Cache-Control"] = "private, no-store"
        return response
