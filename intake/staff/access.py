"""Who may use each staff route. Every route declares its roles; nothing is open by default.

Only a ``StaffUser`` passes: a partner user signed in through the shared manager is refused
every staff page, whatever else they may do.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, redirect, request, url_for
from flask_login import current_user

from intake.case_tables import StaffUser
from intake.context import current_intake
from intake.vocabulary import Role

View = TypeVar("View", bound=Callable[..., Any])
PUBLIC = frozenset[Role]()  # sign-in and accepting an invitation: before anyone has signed in


def allowed(*roles: Role) -> Callable[[View], View]:
    """Let only signed-in staff with one of ``roles`` use the view; others are sent away."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            user = current_user._get_current_object()
            if not getattr(user, "is_authenticated", False):
                return redirect(url_for("staff.sign_in", next=request.path))
            if not isinstance(user, StaffUser) or user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        guarded.staff_roles = frozenset(roles)  # type: ignore[attr-defined]
        return cast(View, guarded)

    return decorate


def public(view: View) -> View:
    """Declare a staff route open to anyone (it must show no report)."""
    view.staff_roles = PUBLIC  # type: ignore[attr-defined]
    return view


def me() -> StaffUser:
    """The signed-in member of staff (only called behind ``allowed``)."""
    return cast(StaffUser, current_user._get_current_object())


def is_manager() -> bool:
    return me().role == Role.MANAGER


def load_staff_user(own_id: str) -> StaffUser | None:
    """Flask-Login's loader for ``staff:<id>``; disabled accounts load as nobody."""
    if not own_id.isdigit():
        return None
    with current_intake().db.read() as session:
        user = session.get(StaffUser, int(own_id))
        return user if user is not None and not user.disabled else None
