"""/api/jobs/<id>: a background job's progress, for its owner or an admin (as on its page)."""

from typing import Any

from ninja import Router

from newsdesk.api.schemas import JobOut
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.selectors import get_job_for_user

router = Router(tags=["jobs"])


@router.get("/{int:job_id}", response=JobOut)
def job_get(request: AuthenticatedHttpRequest, job_id: int) -> Any:
    """A background job's progress (its owner or an admin)."""
    return get_job_for_user(user=request.user, pk=job_id)
