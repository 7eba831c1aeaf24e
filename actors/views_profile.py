"""The member's profile page: their account's name and the Person it shows."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from actors.models import Person, Representation
from actors.receivers import remember_profile_state
from alliance.access import member_required
from alliance.forms import ProfileForm


@member_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        # The person is the member's public face: it carries the same name, in the same
        # transaction, so that the two rows never disagree.
        with transaction.atomic():
            user = form.save()
            Person.objects.filter(user=user).update(
                first_name=user.first_name, last_name=user.last_name, updated_at=timezone.now()
            )
        remember_profile_state(request, Person.objects.filter(user=user).first())
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("profile")
    person = (
        Person.objects.filter(user=request.user)
        .prefetch_related(
            Prefetch(
                "representations",
                queryset=Representation.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            )
        )
        .first()
    )
    return render(request, "alliance/profile.html", {"form": form, "person": person})
