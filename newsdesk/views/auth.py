"""Login with throttling: repeated failures for one username from one address are slowed down.

Django has no login throttle built in. Failures are counted in the "shared" cache, which
every worker sees alike (the database cache, or Redis when REDIS_URL is set); after LOGIN_FAILURE_LIMIT
failures the form refuses further tries for LOGIN_LOCKOUT_SECONDS with a 429 and a clear message.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac


def login_throttle_key(request: HttpRequest) -> str:
    username = request.POST.get("username", "").strip().lower()
    address = request.META.get("REMOTE_ADDR", "")
    # Hashed so the cache never holds user names or addresses in clear.
    return "login-failures:" + salted_hmac("login-throttle", f"{address}|{username}", algorithm="sha256").hexdigest()


def login_is_locked_out(key: str) -> bool:
    return int(caches["shared"].get(key, 0)) >= settings.LOGIN_FAILURE_LIMIT


def login_failure_record(key: str) -> int:
    """Count one more failure; the lockout runs LOGIN_LOCKOUT_SECONDS from the latest one.

    Set with its timeout every time: `incr` would keep the database cache's default timeout.
    """
    count = int(caches["shared"].get(key, 0)) + 1
    caches["shared"].set(key, count, settings.LOGIN_LOCKOUT_SECONDS)
    return count


class ThrottledLoginView(LoginView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = login_throttle_key(request)
        if login_is_locked_out(key):
            form = self.get_form()
            minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
            context = self.get_context_data(form=form, throttled=True, lockout_minutes=minutes)
            return self.render_to_response(context, status=429)
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form came back: wrong credentials
            login_failure_record(key)
        else:
            caches["shared"].delete(key)
        return response


login_view = ThrottledLoginView.as_view()
