"""Workflows of the register that touch many rows or other apps: merging two
organisations. A person's data export and erasure: personal_data.py and erasure.py."""

from django.db import models, transaction

from actors.models import Organisation

# Fields copied from the merged organisation when the survivor has none.
FILL_FIELDS = [
    "kind",
    "size",
    "siren",
    "siret",
    "website",
    "description",
    "logo",
    "address",
    "commune",
    "latitude",
    "longitude",
]


def _unique_field_sets(model, field_name: str) -> list[list[str]]:
    """The other fields of each uniqueness rule of `model` that includes `field_name`."""
    sets = [list(together) for together in model._meta.unique_together]
    sets += [
        list(c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields and c.condition is None
    ]
    attnames = {field_name, model._meta.get_field(field_name).attname}
    return [[f for f in s if f not in attnames] for s in sets if attnames & set(s)]


def _twin(row, field_name: str, survivor, unique_sets):
    """The survivor's row that `row` would collide with once moved, if any."""
    model = type(row)
    for others in unique_sets:
        lookup = {field_name: survivor}
        for other in others:
            lookup[model._meta.get_field(other).attname] = getattr(
                row, model._meta.get_field(other).attname
            )
        twin = model._default_manager.filter(**lookup).exclude(pk=row.pk).first()
        if twin is not None:
            return twin
    return None


def _absorb(twin, row) -> None:
    """Keeps what the duplicate row knew: a mandate, a missing date or role."""
    changed = []
    for field in type(row)._meta.concrete_fields:
        if field.primary_key or field.is_relation:
            continue
        mine, theirs = getattr(twin, field.attname), getattr(row, field.attname)
        if isinstance(mine, bool) and theirs is True and mine is False:
            setattr(twin, field.attname, True)
            changed.append(field.attname)
        elif mine in (None, "") and theirs not in (None, ""):
            setattr(twin, field.attname, theirs)
            changed.append(field.attname)
    if changed:
        twin.save(update_fields=changed)


def _move_rows(model, field_name: str, merged, survivor, report: dict) -> None:
    unique_sets = _unique_field_sets(model, field_name)
    key = model._meta.label
    moved = duplicates = 0
    rows = model._default_manager.filter(**{field_name: merged})
    if not unique_sets and not model._meta.get_field(field_name).one_to_one:
        moved = rows.update(**{field_name: survivor})
    else:
        for row in rows:
            twin = _twin(row, field_name, survivor, unique_sets)
            if model._meta.get_field(field_name).one_to_one:
                twin = model._default_manager.filter(**{field_name: survivor}).first()
            if twin is None:
                setattr(row, field_name, survivor)
                row.save(update_fields=[model._meta.get_field(field_name).attname])
                moved += 1
            else:
                _absorb(twin, row)
                row.delete()
                duplicates += 1
    report[key] = {"moved": moved, "merged_duplicates": duplicates}


@transaction.atomic
def merge_organisations(*, survivor: Organisation, merged: Organisation) -> dict:
    """Moves every relation of `merged` to `survivor`, then deletes `merged`.

    Walks the model's relations rather than naming them, so relations added later by
    other apps move too. Rows that would break a uniqueness rule once moved (the same
    person representing both) are merged into the survivor's. The deleted organisation
    remains in its history, with the reason.
    """
    if survivor.pk == merged.pk:
        raise ValueError("An organisation cannot be merged into itself")
    report: dict = {}
    for rel in Organisation._meta.related_objects:
        if rel.many_to_many:
            through = rel.through
            if not through._meta.auto_created:
                continue  # moved through its explicit model, a one-to-many relation here
            source = next(
                f.name
                for f in through._meta.fields
                if f.is_relation and f.related_model is Organisation
            )
            _move_rows(through, source, merged, survivor, report)
        else:
            _move_rows(rel.related_model, rel.field.name, merged, survivor, report)
    for field in Organisation._meta.many_to_many:
        through = field.remote_field.through
        if through._meta.auto_created:
            getattr(survivor, field.name).add(*getattr(merged, field.name).all())
            report[through._meta.label] = {"moved": getattr(merged, field.name).count()}

    filled = {}
    for name in FILL_FIELDS:
        field = Organisation._meta.get_field(name)
        if getattr(survivor, field.attname) in (None, "") and getattr(
            merged, field.attname
        ) not in (None, ""):
            filled[field.attname] = getattr(merged, field.attname)
    if merged.joined_on and (not survivor.joined_on or merged.joined_on < survivor.joined_on):
        filled["joined_on"] = merged.joined_on
    merged._change_reason = f"Fusionnée dans « {survivor.name} » (#{survivor.pk})"
    merged.delete()
    if filled:
        for attname, value in filled.items():
            setattr(survivor, attname, value)
        survivor._change_reason = f"Fusion avec « {merged.name} »"
        survivor.save()
    report["filled"] = sorted(filled)
    return report
