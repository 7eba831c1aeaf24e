"""Factories for the roadmap's own models."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from roadmap.models import Measurement, Objective
from tests.factories import ThemeFactory


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    theme = factory.SubFactory(ThemeFactory)
    title = factory.Sequence(lambda n: f"Objectif {n}")
    indicator = "Énergie renouvelable produite"
    unit = "MWh"
    baseline = Decimal("100")
    baseline_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    target = Decimal("200")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    objective = factory.SubFactory(ObjectiveFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    value = Decimal("150")


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)
