from django.urls import path

from ideas import import_views, views

app_name = "ideas"
urlpatterns = [
    path("idees/", views.space_list, name="list"),
    path("idees/moderation/", views.moderation, name="moderation"),
    path("idees/nouvel-espace/", views.space_form, name="space_create"),
    path("idees/espaces/<slug:slug>/modifier/", views.space_form, name="space_edit"),
    path("idees/espaces/<slug:slug>/", views.space_detail, name="space"),
    path("idees/espaces/<slug:slug>/proposer/", views.idea_create, name="create"),
    path("idees/espaces/<slug:slug>/analyse/", views.space_analysis, name="analysis"),
    path("idees/espaces/<slug:slug>/fusionner/", views.merge, name="merge"),
    path("idees/fusions/<int:pk>/annuler/", views.merge_undo, name="merge_undo"),
    path("idees/espaces/<slug:slug>/export.csv", views.export_csv, name="export_csv"),
    path("idees/espaces/<slug:slug>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("idees/espaces/<slug:slug>/import/", import_views.import_upload, name="import"),
    path("idees/imports/<int:pk>/", import_views.import_batch, name="import_batch"),
    path("idees/imports/<int:pk>/confirmer/", import_views.import_confirm, name="import_confirm"),
    path("idees/imports/<int:pk>/colonnes/", import_views.import_columns, name="import_columns"),
    path("idees/imports/<int:pk>/etat/", import_views.import_status, name="import_status"),
    path("idees/<int:pk>/", views.idea_detail, name="detail"),
    path("idees/<int:pk>/aimer/", views.like, name="like"),
    path("idees/<int:pk>/ne-plus-aimer/", views.unlike, name="unlike"),
    path("idees/<int:pk>/commenter/", views.comment, name="comment"),
    path("idees/<int:pk>/reponse/", views.answer, name="answer"),
    path("idees/<int:pk>/moderer/", views.idea_moderate, name="moderate"),
    path("idees/<int:pk>/projet/", views.promote, name="promote"),
    path("idees/commentaires/<int:pk>/modifier/", views.comment_edit, name="comment_edit"),
    path("idees/commentaires/<int:pk>/signaler/", views.comment_report, name="comment_report"),
    path("idees/commentaires/<int:pk>/moderer/", views.comment_moderate, name="comment_moderate"),
]
