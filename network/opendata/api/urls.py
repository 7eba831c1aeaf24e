from rest_framework import routers
from rest_framework.renderers import JSONRenderer
from rest_framework.routers import DefaultRouter

from network.opendata.api import views


class APIRootView(routers.APIRootView):
    """The index of the API, in JSON even for a browser (DefaultRouter's root_renderers
    is no longer read: without this, DRF's browsable page answered)."""

    renderer_classes = [JSONRenderer]


router = DefaultRouter()
router.APIRootView = APIRootView
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("links", views.LinkViewSet, basename="link")
router.register("needs", views.NeedViewSet, basename="need")
router.register("offers", views.OfferViewSet, basename="offer")
router.register("circles", views.CircleViewSet, basename="circle")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("objectives", views.ObjectiveViewSet, basename="objective")
router.register("idea-spaces", views.IdeaSpaceViewSet, basename="ideaspace")
router.register("ideas", views.IdeaViewSet, basename="idea")

urlpatterns = router.urls
