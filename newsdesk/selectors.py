"""Reads with a permission for the corpus: the rows a user may see, or 403/404 (views and the API call these)."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from newsdesk.models import Job
from newsdesk.roles import is_admin


def jobs_for_user(user: User) -> QuerySet[Job]:
    """All jobs for an admin; anyone else sees the jobs they started."""
    jobs = Job.objects.select_related("created_by")
    return jobs if is_admin(user) else jobs.filter(created_by=user)


def get_job_for_user(*, user: User, pk: int) -> Job:
    """A job is its owner's and the admins' (404 if there is none, 403 for anyone else)."""
    job = get_object_or_404(Job.objects.select_related("created_by"), pk=pk)
    if not is_admin(user) and job.created_by_id != user.pk:
        raise PermissionDenied("This job belongs to someone else.")
    return job
