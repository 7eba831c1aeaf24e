from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from alliance import media, views

urlpatterns = [
    path("", include("network.home_urls")),
    path("mentions-legales/", views.legal, name="legal"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("", include("actors.account_urls")),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("animation/invitations/", views.invitation_list, name="invitations"),
    path(
        "animation/invitations/<int:pk>/renvoyer/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "animation/invitations/<int:pk>/revoquer/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("demander-a-rejoindre/", views.join_request_create, name="join_request"),
    path("demander-a-rejoindre/merci/", views.join_request_thanks, name="join_request_thanks"),
    path(
        "animation/demandes/<int:pk>/accepter/",
        views.join_request_accept,
        name="join_request_accept",
    ),
    path(
        "animation/demandes/<int:pk>/refuser/",
        views.join_request_decline,
        name="join_request_decline",
    ),
    path("compte/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", views.javascript_catalog, name="javascript_catalog"),
    path("", include("actors.urls")),
    path("", include("projects.urls")),
    path("", include("circles.urls")),
    path("", include("roadmap.urls")),
    path("", include("ideas.urls")),
    path("", include("network.urls")),
    path("admin/", admin.site.urls),
]

# Organisation logos keep their /media/ address in production (see alliance/media.py).
urlpatterns += [path("media/logos/<path:path>", media.public_logo, name="logo")]

# The error pages, inside the site's layout (alliance/errors.py).
handler400 = "alliance.errors.bad_request"
handler403 = "alliance.errors.permission_denied"
handler404 = "alliance.errors.page_not_found"
handler500 = "alliance.errors.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
