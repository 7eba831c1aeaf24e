from django.urls import path

from circles import (
    views,
    views_attendance,
    views_calendars,
    views_documents,
    views_meetings,
    views_members,
    views_polls,
)
from circles import views_facilitator as manage

app_name = "circles"
urlpatterns = [
    path("cercles/", views.circle_list, name="list"),
    path("cercles/reunions/<int:pk>/", views_meetings.meeting_detail, name="meeting"),
    path("cercles/reunions/<int:pk>/reunion.ics", views_calendars.meeting_ics, name="meeting_ics"),
    path("cercles/reunions/<int:pk>/inscription/", views_meetings.register, name="register"),
    path(
        "cercles/reunions/<int:pk>/inscription-sans-compte/",
        views_meetings.guest_register,
        name="guest_register",
    ),
    path("cercles/reunions/<int:pk>/modifier/", manage.meeting_edit, name="edit"),
    path("cercles/reunions/<int:pk>/annuler/", manage.meeting_cancel, name="cancel"),
    path("cercles/reunions/<int:pk>/retablir/", manage.meeting_reinstate, name="reinstate"),
    path("cercles/reunions/<int:pk>/compte-rendu/", manage.meeting_minutes, name="minutes"),
    path(
        "cercles/reunions/<int:pk>/presences/",
        views_attendance.meeting_attendance,
        name="attendance",
    ),
    path(
        "cercles/reunions/<int:pk>/presences/ajout/", views_attendance.walk_in_add, name="walk_in"
    ),
    path("cercles/reunions/<int:pk>/documents/", manage.document_add, name="document_add"),
    path("cercles/documents/<int:pk>/", views_meetings.meeting_document, name="document"),
    path("cercles/reunions/<int:pk>/inscrits.csv", manage.registrations_csv, name="export"),
    path("cercles/inscriptions/<int:pk>/inviter/", manage.guest_invite, name="guest_invite"),
    path("cercles/adhesions/<int:pk>/decision/", manage.join_decide, name="join_decide"),
    path("cercles/sondages/<int:pk>/", views_polls.poll_detail, name="poll"),
    path("cercles/sondages/<int:pk>/choisir/", manage.poll_pick, name="poll_pick"),
    path("cercles/nouveau/", manage.circle_create, name="circle_create"),
    path("cercles/<slug:slug>/", views.circle_detail, name="detail"),
    path("cercles/<slug:slug>/modifier/", manage.circle_edit, name="circle_edit"),
    path("cercles/<slug:slug>/agenda.ics", views_calendars.circle_feed, name="circle_feed"),
    path("cercles/<slug:slug>/rejoindre/", views.join, name="join"),
    path("cercles/<slug:slug>/reunions/nouvelle/", manage.meeting_create, name="create"),
    path("cercles/<slug:slug>/reunions/serie/", manage.series_create, name="series"),
    path("cercles/<slug:slug>/sondages/nouveau/", manage.poll_create, name="poll_create"),
    path("agenda/", views_calendars.agenda, name="agenda"),
    path("agenda/agenda.ics", views_calendars.agenda_feed, name="agenda_feed"),
    path("agenda/preferences/", views_calendars.preferences, name="preferences"),
    path("agenda/flux/<str:token>.ics", views_calendars.member_feed, name="member_feed"),
    path("inscription/<str:token>/confirmer/", views_meetings.guest_confirm, name="guest_confirm"),
    path("inscription/<str:token>/annuler/", views_meetings.guest_cancel, name="guest_cancel"),
    path(
        "cercles/reunions/<int:pk>/compte-rendu.pdf",
        views_documents.minutes_document,
        {"kind": "pdf"},
        name="minutes_pdf",
    ),
    path(
        "cercles/reunions/<int:pk>/compte-rendu.docx",
        views_documents.minutes_document,
        {"kind": "docx"},
        name="minutes_docx",
    ),
    path(
        "cercles/<slug:slug>/calendrier-<int:year>.pdf",
        views_documents.calendar_document,
        {"kind": "pdf"},
        name="calendar_pdf",
    ),
    path(
        "cercles/<slug:slug>/calendrier-<int:year>.docx",
        views_documents.calendar_document,
        {"kind": "docx"},
        name="calendar_docx",
    ),
    # A circle's members, managed by the facilitator from the circle's page.
    path(
        "cercles/<slug:slug>/membres/recherche/",
        views_members.member_search,
        name="member_search",
    ),
    path("cercles/<slug:slug>/membres/ajouter/", views_members.member_add, name="member_add"),
    path("cercles/membres/<int:pk>/modifier/", views_members.member_edit, name="member_edit"),
    path("cercles/membres/<int:pk>/retirer/", views_members.member_remove, name="member_remove"),
]
