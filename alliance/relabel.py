"""A migration operation for what the database never sees: verbose names and help texts.

Django's AlterField and AlterModelOptions each reload the migration state's models after
them. The seven `*_french_verbose_names` migrations held 191 AlterField and 27
AlterModelOptions that changed labels only: reloading after each of them was a third of a
fresh `migrate` (about 10 s of 30 on SQLite). `Relabel` applies the same operations to the
state with its models not yet rendered, then reloads the models it touched once. It writes
nothing to the database, so it refuses a field change the database would see.
"""

from django.db.migrations.operations import AlterField, AlterModelOptions
from django.db.migrations.operations.base import Operation


class Relabel(Operation):
    reduces_to_sql = False
    reversible = True

    def __init__(self, operations):
        self.operations = operations

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.operations], {})

    def state_forwards(self, app_label, state):
        touched = set()
        rendered = state.__dict__.pop("apps", None)  # AlterField reloads only rendered models
        try:
            for operation in self.operations:
                if isinstance(operation, AlterField):
                    key = (app_label, operation.model_name_lower)
                    _labels_only(state.models[key].fields[operation.name], operation.field)
                    touched.add(key)
                elif isinstance(operation, AlterModelOptions):
                    touched.add((app_label, operation.name_lower))
                else:
                    raise TypeError(
                        f"Relabel holds AlterField and AlterModelOptions, not {operation}"
                    )
                operation.state_forwards(app_label, state)
        finally:
            if rendered is not None:
                state.__dict__["apps"] = rendered
        state.reload_models(touched, delay=False)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass  # labels only: see _labels_only

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self):
        return f"Relabel {len(self.operations)} fields and models"

    @property
    def migration_name_fragment(self):
        return "relabel"


def _labels_only(old, new) -> None:
    """Raises if `new` differs from `old` in anything but the attributes the database ignores."""

    def database_side(field):
        path, args, kwargs = field.deconstruct()[1:]
        return path, args, {k: v for k, v in kwargs.items() if k not in field.non_db_attrs}

    if database_side(old) != database_side(new):
        raise ValueError(f"Relabel changes labels only, and {new} differs in the database")
