from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from roadmap.models import Measurement, Milestone, Objective
from tests.roadmap.factories import MeasurementFactory, ObjectiveFactory, days_ago

pytestmark = pytest.mark.django_db


def test_without_measurement_the_current_value_is_the_baseline():
    objective = ObjectiveFactory(baseline=Decimal(100), target=Decimal(200))
    assert objective.current_value == Decimal(100)
    assert objective.percent == 0


def test_progress_follows_the_latest_measurement():
    objective = ObjectiveFactory(baseline=Decimal(100), target=Decimal(200))
    MeasurementFactory(objective=objective, date=days_ago(30), value=Decimal(180))
    MeasurementFactory(objective=objective, date=days_ago(5), value=Decimal(160))
    assert Objective.objects.get().percent == 60
    assert Objective.objects.with_progress().get().percent == 60


def test_progress_works_for_a_decreasing_target():
    objective = ObjectiveFactory(baseline=Decimal(3200), target=Decimal(2600))
    MeasurementFactory(objective=objective, value=Decimal(2900))
    assert Objective.objects.with_progress().get().percent == 50


def test_progress_is_clamped_between_0_and_100():
    objective = ObjectiveFactory(baseline=Decimal(100), target=Decimal(200))
    MeasurementFactory(objective=objective, value=Decimal(50))
    assert Objective.objects.with_progress().get().percent == 0
    MeasurementFactory(objective=objective, date=days_ago(1), value=Decimal(250))
    assert Objective.objects.with_progress().get().percent == 100


def test_an_objective_reaching_its_target_is_reached():
    objective = ObjectiveFactory(baseline=Decimal(0), target=Decimal(10))
    MeasurementFactory(objective=objective, value=Decimal(10))
    assert Objective.objects.with_progress().get().status == Objective.Status.REACHED


def test_an_objective_progressing_as_fast_as_time_is_on_track():
    # Half the time elapsed, half the way done.
    objective = ObjectiveFactory(
        baseline=Decimal(0),
        target=Decimal(100),
        baseline_date=days_ago(100),
        deadline=timezone.localdate() + timedelta(days=100),
    )
    MeasurementFactory(objective=objective, value=Decimal(45))
    assert Objective.objects.with_progress().get().status == Objective.Status.ON_TRACK


def test_an_objective_trailing_the_calendar_is_late():
    objective = ObjectiveFactory(
        baseline=Decimal(0),
        target=Decimal(100),
        baseline_date=days_ago(300),
        deadline=timezone.localdate() + timedelta(days=100),
    )
    MeasurementFactory(objective=objective, value=Decimal(20))
    assert Objective.objects.with_progress().get().status == Objective.Status.LATE


def test_an_objective_past_its_deadline_and_not_reached_is_late():
    objective = ObjectiveFactory(
        baseline=Decimal(0), target=Decimal(100), baseline_date=days_ago(400), deadline=days_ago(1)
    )
    MeasurementFactory(objective=objective, date=days_ago(2), value=Decimal(99))
    assert Objective.objects.with_progress().get().status == Objective.Status.LATE


def test_the_facilitator_overrides_the_computed_status():
    objective = ObjectiveFactory(status_override=Objective.Status.ABANDONED)
    MeasurementFactory(objective=objective, value=Decimal(200))
    assert objective.computed_status() == Objective.Status.REACHED
    assert objective.status == Objective.Status.ABANDONED
    assert objective.get_status_display() == "Abandonné"


def test_a_target_equal_to_the_baseline_is_refused_in_french():
    objective = ObjectiveFactory.build(baseline=Decimal(5), target=Decimal(5))
    with pytest.raises(ValidationError) as error:
        objective.full_clean(exclude=["theme"])
    assert error.value.message_dict["target"] == [
        "La cible doit être différente de la valeur de référence."
    ]


def test_a_deadline_before_the_baseline_date_is_refused_in_french():
    objective = ObjectiveFactory.build(baseline_date=days_ago(10), deadline=days_ago(20))
    with pytest.raises(ValidationError) as error:
        objective.full_clean(exclude=["theme"])
    assert "précéder" in error.value.message_dict["deadline"][0]


def test_a_measurement_dated_in_the_future_is_refused_in_french():
    objective = ObjectiveFactory()
    tomorrow = timezone.localdate() + timedelta(days=1)
    measurement = Measurement(objective=objective, date=tomorrow, value=Decimal(1))
    with pytest.raises(ValidationError) as error:
        measurement.full_clean()
    assert error.value.message_dict["date"] == ["Une mesure ne peut pas être datée dans le futur."]


def test_a_milestone_ending_before_it_starts_is_refused():
    milestone = Milestone(title="Atelier", date=days_ago(1), end_date=days_ago(3))
    with pytest.raises(ValidationError) as error:
        milestone.full_clean()
    assert "date de fin" in error.value.message_dict["end_date"][0]


def test_upcoming_and_past_milestones_split_on_today():
    today = timezone.localdate()
    past = Milestone.objects.create(title="Passé", date=today - timedelta(days=3))
    running = Milestone.objects.create(
        title="En cours", date=today - timedelta(days=1), end_date=today + timedelta(days=1)
    )
    coming = Milestone.objects.create(title="À venir", date=today + timedelta(days=3))
    assert set(Milestone.objects.upcoming()) == {running, coming}
    assert list(Milestone.objects.past()) == [past]
    assert past.is_past and not running.is_past


def test_changes_to_objectives_are_kept_in_history():
    objective = ObjectiveFactory(title="Avant")
    objective.title = "Après"
    objective.save()
    assert [h.title for h in objective.history.all()] == ["Après", "Avant"]
