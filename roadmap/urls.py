from django.urls import path

from roadmap import views, views_decisions

app_name = "roadmap"
urlpatterns = [
    path("feuille-de-route/", views.index, name="index"),
    path("feuille-de-route/document/", views.download, {"kind": "docx"}, name="download"),
    path("feuille-de-route/document.pdf", views.download, {"kind": "pdf"}, name="download_pdf"),
    path("feuille-de-route/jalons/nouveau/", views.milestone_create, name="milestone_create"),
    path("feuille-de-route/jalons/<int:pk>/modifier/", views.milestone_edit, name="milestone_edit"),
    path(
        "feuille-de-route/jalons/<int:pk>/supprimer/",
        views.milestone_delete,
        name="milestone_delete",
    ),
    path("feuille-de-route/objectifs/nouveau/", views.objective_create, name="objective_create"),
    path(
        "feuille-de-route/objectifs/<int:pk>/modifier/",
        views.objective_edit,
        name="objective_edit",
    ),
    path(
        "feuille-de-route/objectifs/<int:pk>/supprimer/",
        views.objective_delete,
        name="objective_delete",
    ),
    path(
        "feuille-de-route/objectifs/<int:pk>/mesures/nouvelle/",
        views.measurement_create,
        name="measurement_create",
    ),
    path(
        "feuille-de-route/mesures/<int:pk>/modifier/",
        views.measurement_edit,
        name="measurement_edit",
    ),
    path(
        "feuille-de-route/mesures/<int:pk>/supprimer/",
        views.measurement_delete,
        name="measurement_delete",
    ),
    path(
        "feuille-de-route/decisions/<int:pk>/jalon/",
        views_decisions.decision_milestone,
        name="decision_milestone",
    ),
    path("vision/", views.vision_page, name="vision"),
    path("vision/donnees/<slug:chart>.csv", views.vision_csv, name="vision_csv"),
]
