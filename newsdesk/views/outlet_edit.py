"""Editing an outlet in the app (admins): its kind, country, address, notes and the other names it goes by."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from newsdesk.forms import OutletForm
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import Outlet
from newsdesk.outlets import outlet_update
from newsdesk.roles import ADMIN, role_required


@require_http_methods(["GET", "POST"])
@role_required(ADMIN)
def outlet_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    outlet = get_object_or_404(Outlet, slug=slug)
    name = outlet.name  # the form writes what it was sent onto `outlet`, saved or not
    initial = {"aliases": "\n".join(outlet.aliases.values_list("alias", flat=True))}
    form = OutletForm(request.POST or None, instance=outlet, initial=initial)
    saved = False
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in OutletForm.Meta.fields}
        try:
            outlet_update(outlet=outlet, changes=changes, aliases=form.alias_list())
        except ValidationError as exc:
            form.add_error("aliases", exc)
        else:
            if not request.htmx:
                messages.success(request, f"Saved “{changes['name']}”.")
                return redirect("outlet_detail", slug=outlet.slug)
            saved = True
    template = "newsdesk/outlet_form.html#outlet-form" if request.htmx else "newsdesk/outlet_form.html"
    context = {"form": form, "outlet": outlet, "name": outlet.name if saved else name, "saved": saved}
    return render(request, template, context, status=422 if form.errors else 200)
