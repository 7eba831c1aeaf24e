from django.conf import settings

from alliance import access


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_URL": settings.SITE_URL,
        "OPEN_SIGNUP": settings.OPEN_SIGNUP,
        "user_role": access.role(user) if user is not None else "visitor",
    }
