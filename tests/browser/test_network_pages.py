import pytest

from network.following.preferences import unsubscribe_token
from network.models import Follow
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_open_data_and_api_documentation_are_accessible(page, visit):
    factories.CircleFactory(name="Cercle énergie")
    visit("/donnees/")
    assert page.get_by_role("link", name="Licence Ouverte 2.0 (Etalab)").is_visible()
    visit("/api/docs/")
    assert page.get_by_role("heading", name="GET /api/v1/projects/", exact=True).is_visible()


def test_a_member_manages_follows_and_reads_notifications(page, visit, login, member):
    theme = factories.ThemeFactory(name="Mobilité")
    project = factories.ProjectFactory(title="Covoiturage rural")
    project.themes.add(theme)
    login(member)
    visit("/abonnements/")
    page.get_by_label("Mobilité").check()
    page.get_by_role("button", name="Enregistrer mes abonnements").click()
    page.get_by_role("button", name="Ne plus suivre « Mobilité »").wait_for()
    assert Follow.objects.filter(user=member, theme=theme).exists()
    visit("/notifications/")
    assert page.get_by_role("link", name="Covoiturage rural").is_visible()
    visit(f"/abonnements/desinscription/{unsubscribe_token(member)}/")
    page.get_by_role("button", name="Me désinscrire").click()
    page.get_by_text("vous ne recevrez plus le résumé").wait_for()
