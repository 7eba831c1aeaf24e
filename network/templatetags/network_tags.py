"""{% follow_button obj %}: a follow/unfollow button any app can put on a detail page."""

from django import template

from alliance.access import is_member
from network.following.follows import is_following
from network.models import kind_of

register = template.Library()


@register.inclusion_tag("network/_follow_button.html", takes_context=True)
def follow_button(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    kind = kind_of(obj)
    member = is_member(user)
    return {
        "obj": obj,
        "kind": kind,
        "member": member,
        "following": bool(member and kind and is_following(user, kind, obj)),
        "next": request.get_full_path() if request else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def model_label(obj) -> str:
    return str(obj._meta.verbose_name).capitalize()
