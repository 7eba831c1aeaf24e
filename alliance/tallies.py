"""Counts kept in rows (`alliance.models.Tally`) for the pages that say how many projects or
organisations there are: one indexed read instead of a COUNT over every row, which a page
with an empty cache would otherwise pay on each request (a sequential scan: 10 ms at 10,000
projects, five times that at 50,000).

`keep(prefix, compute, models, m2m)` recomputes every tally under `prefix` after the commit
of a transaction that saved or deleted one of `models` or changed one of the `m2m`
relations, once per transaction; `compute()` returns {name: value} and a name it no longer
returns is removed. A tally never written reads as missing and the page counts instead (a
GET never writes): after a bulk_create, which sends no signal, call `refresh(prefix)`.
"""

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from alliance.models import Tally

_computers = {}


def read(*names: str) -> dict[str, int]:
    """The stored value of each of `names` that has one, in one query."""
    return dict(Tally.objects.filter(name__in=names).values_list("name", "value"))


def refresh(prefix: str) -> None:
    values = _computers[prefix]()
    with transaction.atomic():
        Tally.objects.filter(name__startswith=prefix).exclude(name__in=list(values)).delete()
        Tally.objects.bulk_create(
            [Tally(name=name, value=value) for name, value in values.items()],
            update_conflicts=True,
            unique_fields=["name"],
            update_fields=["value"],
        )


def refresh_all() -> None:
    for prefix in _computers:
        refresh(prefix)


class _Refresh:
    """The recount of one prefix, waiting for the commit of the current transaction."""

    def __init__(self, prefix: str):
        self.prefix, self.done = prefix, False

    def __call__(self) -> None:
        self.done = True
        refresh(self.prefix)

    def waits_for(self, prefix: str) -> bool:
        return self.prefix == prefix and not self.done


def _schedule(prefix: str) -> None:
    """A recount after the commit, unless one is already waiting for it."""
    waiting = (func for _, func, _ in connection.run_on_commit if isinstance(func, _Refresh))
    if not any(func.waits_for(prefix) for func in waiting):
        transaction.on_commit(_Refresh(prefix), robust=True)


def keep(prefix: str, compute, models=(), m2m=()) -> None:
    """Keep the tallies `compute()` returns (names starting with `prefix`) in step with
    `models` (classes or "app.Model" labels) and the `m2m` through models."""
    _computers[prefix] = compute

    def changed(**kwargs):
        if kwargs.get("action", "post_").startswith("post_"):
            _schedule(prefix)

    uid = f"tallies-{prefix}"
    for model in models:
        model = apps.get_model(model) if isinstance(model, str) else model
        label = model._meta.label
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}{label}-save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}{label}-del")
    for through in m2m:
        label = through._meta.label
        m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"{uid}{label}")
