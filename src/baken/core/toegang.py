"""View guards. A user without the role gets a 404, so pages do not reveal they exist."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from baken.organisaties.scope import heeft_rol


def rol_vereist(*rollen: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Login and at least one of `rollen`; anyone else gets a 404."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not any(heeft_rol(request.user, rol) for rol in rollen):  # type: ignore[arg-type]
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
