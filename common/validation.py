"""Validating many instances of one model at once, as `full_clean` would validate each.

A service that writes 70 rows a statement built from one template (the same delegation,
statement, session, date, origin, status, user) spent most of its validation cleaning the same
values again for every row: `full_clean` cleans every field of every instance. A field's
`clean(value, instance)` depends on the value alone for Django's own non-relational fields (the
relational ones, whose check is a query, are what callers exclude), so a value that every
instance shares is cleaned once and the result given to all; the values that differ are cleaned
per instance, and each instance's own `clean()` runs as `full_clean` runs it.
"""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.db.models.expressions import DatabaseDefault


def full_clean_many(
    instances: Sequence[Model], *, exclude: Iterable[str] = (), validate_unique: bool = True
) -> None:
    """`instance.full_clean(exclude=exclude, validate_unique=..., validate_constraints=False)`
    for every instance, in fewer steps; the instances must be of one model.

    Accepts exactly what those calls accept and leaves the same cleaned values on the
    instances. On the first instance that does not validate, its own `full_clean` runs, so the
    error raised is the one `full_clean` raises, word for word. Unique checks (`unique=True`
    fields, `unique_together`) run per instance, except that of the primary key, which never
    finds anything for a new row (no key yet) or a saved one (not checked); the table
    constraints (`Meta.constraints`) are left to the database, as with `validate_constraints=False`.
    """
    if not instances:
        return
    model = type(instances[0])
    exclude = set(exclude)
    fields = [f for f in model._meta.fields if f.name not in exclude and not f.generated]
    per_instance = []
    for field in fields:
        values = [getattr(instance, field.attname) for instance in instances]
        first = values[0]
        if not all(type(v) is type(first) and v == first for v in values):
            per_instance.append(field)
            continue
        if (field.blank and first in field.empty_values) or isinstance(first, DatabaseDefault):
            continue  # `clean_fields` skips it
        try:
            cleaned = field.clean(first, instances[0])
        except ValidationError:
            instances[0].full_clean(exclude=exclude, validate_constraints=False)
            raise  # not reached: full_clean raised
        for instance in instances:
            setattr(instance, field.attname, cleaned)
    unique_checks = []
    if validate_unique:
        checks, date_checks = instances[0]._get_unique_checks(exclude=exclude)
        unique_checks = [(m, names) for m, names in checks if names != (model._meta.pk.name,)]
        if date_checks:
            unique_checks.append(None)  # rare: let full_clean do them
    for instance in instances:
        try:
            for field in per_instance:
                raw = getattr(instance, field.attname)
                if (field.blank and raw in field.empty_values) or isinstance(raw, DatabaseDefault):
                    continue
                setattr(instance, field.attname, field.clean(raw, instance))
            instance.clean()
            if unique_checks:
                instance.validate_unique(exclude=exclude)
        except ValidationError:
            instance.full_clean(
                exclude=exclude, validate_unique=validate_unique, validate_constraints=False
            )
            raise
