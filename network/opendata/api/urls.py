from rest_framework.renderers import JSONRenderer
from rest_framework.routers import DefaultRouter

from network.opendata.api import views

router = DefaultRouter()
router.root_renderers = [JSONRenderer]
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
