"""Scope keys: who may see a row, stored on the row so the database can answer from an index.

Every scoped model (one that declares `jurisdiction = Jurisdiction(...)`) carries a `scope_keys`
column: the set of keys that open it.

* ``d<code>`` for the division of every `Jurisdiction.divisions` path **and each area above it**
  (a case handled in 塔山街道 carries ``d3306``, ``d330602`` and ``d330602001``): a supervisory
  organisation of 越城区 holds the key ``d330602`` and so matches every row of its district and
  the townships below it with one equality, no prefix scan.
* ``o<organization id>`` for every organisation of a `Jurisdiction.parties` path.
* A model whose jurisdiction follows another object (`Jurisdiction.subject`, the documents)
  copies that object's keys (only its ``d`` keys when `subject_parties_unless(row)` is true:
  internal papers the parties may not see; and of those only the ones over the row's
  `internal_divisions`, the issuer's area and above, when it names any).

A user holds ``d<code>`` for the division of each supervisory organisation they belong to and
``o<id>`` for each of their organisations. "Visible to me" is then `scope_keys && my_keys`:
on PostgreSQL a `text[]` column with a GIN index; elsewhere (SQLite, the embedded mode) a
space-delimited text column searched with `instr`.

The keys are maintained here and only here: after a scoped row is saved, when a many-to-many or
a party row on a path changes, and for the rows that depend on a changed row (a review sheet
follows its case, a document its subject). `manage.py refresh_scope_keys` recomputes them all
(after moving an organisation to another division, say).
"""

from collections.abc import Iterable

from django.db import models
from django.db.models import Lookup

DIVISION_PREFIX = "d"
ORGANIZATION_PREFIX = "o"


class ScopeKeysField(models.Field):
    """`text[]` on PostgreSQL (GIN-indexed), ``" k1 k2 "`` text elsewhere; a sorted list in Python."""

    description = "Scope keys"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, value in (("default", list), ("editable", False), ("blank", True)):
            if kwargs.get(key) is value:
                kwargs.pop(key)
        return name, path, args, kwargs

    def db_type(self, connection):
        return "text[]" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return []
        if isinstance(value, str):
            return value.split()
        return list(value)

    def to_python(self, value):
        if isinstance(value, str):
            return value.split()
        return list(value or [])

    def pre_save(self, model_instance, add):
        """Compute the keys as the row is written (save() and bulk_create() alike)."""
        before = sorted(set(getattr(model_instance, self.attname) or []))
        if getattr(model_instance, "_scope_keys_preset", False):
            return before  # bulk generators (operations/volume.py) compute the same keys without a query per row
        keys = compute_scope_keys(model_instance)
        setattr(model_instance, self.attname, keys)
        model_instance._scope_keys_moved = not add and before != keys
        return keys

    def get_db_prep_value(self, value, connection, prepared=False):
        keys = sorted(set(value or []))
        if connection.vendor == "postgresql":
            return keys
        return " " + " ".join(keys) + " " if keys else " "


@ScopeKeysField.register_lookup
class Overlaps(Lookup):
    """`scope_keys__overlaps=[...]`: the row holds at least one of the keys."""

    lookup_name = "overlaps"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        keys = sorted(set(self.rhs))
        if not keys:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{lhs} && %s::text[]", [*lhs_params, keys]
        parts = [f"instr({lhs}, %s) > 0" for _ in keys]
        params = []
        for key in keys:
            params += [*lhs_params, f" {key} "]
        return "(" + " OR ".join(parts) + ")", params


_DIVISION_CHAINS: dict[int, tuple[str, list[str]]] = {}


def division_keys(division) -> list[str]:
    """``d<code>`` for the division and every area above it.

    Cached by division id (checked against the code): the 110 areas of the city do not move,
    and a write should not walk up the same parents again.
    """
    cached = _DIVISION_CHAINS.get(division.pk)
    if cached is not None and cached[0] == division.code:
        return list(cached[1])
    first = division
    keys = []
    while division is not None:
        keys.append(f"{DIVISION_PREFIX}{division.code}")
        division = division.parent
    if type(first).__module__ == "organizations.models":  # not a migration's historical model
        _DIVISION_CHAINS[first.pk] = (first.code, list(keys))
    return keys


def _follow(obj, path: str) -> list:
    """The objects (or values) at the end of `path` ("coordinator__division", "parties__organization")."""
    current = [obj]
    for part in path.split("__"):
        following = []
        for item in current:
            if part in ("id", "pk"):
                following.append(item)
                continue
            field = item._meta.get_field(part)
            if field.many_to_many or field.one_to_many:
                if item.pk is None:
                    continue
                following.extend(getattr(item, field.get_accessor_name() if field.auto_created else field.name).all())
            else:
                value = getattr(item, field.name if not field.auto_created else field.get_accessor_name(), None)
                if value is not None:
                    following.append(value)
        current = following
    return current


def compute_scope_keys(obj, spec=None, *, subject_keys: list[str] | None = None) -> list[str]:
    """The keys `obj` should carry, read from its relations (the jurisdiction of its model)."""
    spec = spec or type(obj).jurisdiction
    keys: set[str] = set()
    for path in spec.divisions:
        for division in _follow(obj, path):
            keys.update(division_keys(division))
    for path in spec.parties:
        for organization in _follow(obj, path):
            keys.add(f"{ORGANIZATION_PREFIX}{organization.pk}")
    if spec.subject:
        if subject_keys is None:
            subject = getattr(obj, spec.subject, None)
            subject_keys = []
            if subject is not None and type(subject) in scoped_models():
                # Read from the table: the instance at hand may predate its own keys' last refresh.
                stored = type(subject)._default_manager.filter(pk=subject.pk).values_list("scope_keys", flat=True)
                subject_keys = list(stored.first() or [])
        if spec.subject_parties_unless is not None and spec.subject_parties_unless(obj):
            subject_keys = [k for k in subject_keys if k.startswith(DIVISION_PREFIX)]
            if spec.internal_divisions:
                above = {key for path in spec.internal_divisions for division in _follow(obj, path)
                         for key in division_keys(division)}
                subject_keys = [k for k in subject_keys if k in above]
        keys.update(subject_keys)
    return sorted(keys)


def user_scope_keys(memberships: Iterable, *, through_parties: bool = True) -> list[str]:
    from .models import SUPERVISORY_KINDS

    keys = set()
    for membership in memberships:
        organization = membership.organization
        if organization.kind in SUPERVISORY_KINDS:
            keys.add(f"{DIVISION_PREFIX}{organization.division.code}")
        if through_parties:
            keys.add(f"{ORGANIZATION_PREFIX}{organization.pk}")
    return sorted(keys)


def scoped_models() -> list[type[models.Model]]:
    """Models that keep scope keys (a model declaring only `jurisdiction` is scoped by joins)."""
    from django.apps import apps

    return [m for m in apps.get_models() if getattr(m, "jurisdiction", None) is not None
            and any(f.name == "scope_keys" for f in m._meta.concrete_fields)]


def refresh_scope_keys(obj, *, cascade: bool = True) -> bool:
    """Recompute `obj`'s keys; store them if they changed (and then refresh what follows it)."""
    if obj is None or obj.pk is None:
        return False
    keys = compute_scope_keys(obj)
    if sorted(set(obj.scope_keys or [])) == keys:
        return False
    had_keys = bool(obj.scope_keys)
    type(obj)._default_manager.filter(pk=obj.pk).update(scope_keys=keys)
    obj.scope_keys = keys
    if cascade and had_keys:
        for dependent in dependents_of(obj):
            refresh_scope_keys(dependent)
    elif cascade:
        # A new row: only rows following it as their subject can exist already (none in practice).
        pass
    return True


def dependents_of(obj) -> Iterable[models.Model]:
    """Rows whose keys are read through `obj`: a forward relation on a path, or `obj` as subject."""
    from django.contrib.contenttypes.models import ContentType

    model = type(obj)
    for other in scoped_models():
        spec = other.jurisdiction
        for path in (*spec.divisions, *spec.parties):
            first = path.split("__")[0]
            if first in ("id", "pk") or "__" not in path:
                continue
            field = other._meta.get_field(first)
            if field.many_to_one and field.related_model is model:
                yield from other._default_manager.filter(**{first: obj})
        if spec.subject:
            gfk = other._meta.get_field(spec.subject)
            yield from other._default_manager.filter(
                **{gfk.ct_field: ContentType.objects.get_for_model(model), gfk.fk_field: obj.pk}
            )


def _direct_paths(model) -> tuple[str, ...] | None:
    """The paths when each is a plain foreign key on the row itself (a record's `division`, `agency`)."""
    spec = model.jurisdiction
    paths = (*spec.divisions, *spec.parties)
    if spec.subject or not paths:
        return None
    for path in paths:
        if "__" in path or path in ("id", "pk") or not model._meta.get_field(path).many_to_one:
            return None
    return paths


def _backfill_by_combination(model, paths: tuple[str, ...]) -> int:
    """Set-based refresh for a model whose paths are direct foreign keys: the keys depend only on the
    combination of those ids, so compute them once per distinct combination (a few thousand, however
    many millions of rows) and update every row that differs in one statement (PostgreSQL: a join
    against a VALUES list; elsewhere one UPDATE per combination)."""
    from django.db import connection

    from .models import Division

    spec = model.jurisdiction
    columns = [model._meta.get_field(p).column for p in paths]
    combinations = list(model._default_manager.order_by().values_list(*[f"{p}_id" for p in paths]).distinct())
    divisions = {d.pk: d for d in Division.objects.select_related("parent")}
    keyed = []
    for combination in combinations:
        keys: set[str] = set()
        for path, value in zip(paths, combination, strict=True):
            if value is None:
                continue
            if path in spec.divisions:
                keys.update(division_keys(divisions[value]))
            else:
                keys.add(f"{ORGANIZATION_PREFIX}{value}")
        keyed.append((combination, sorted(keys)))
    if not keyed:
        return 0
    if connection.vendor != "postgresql":
        changed = 0
        for combination, keys in keyed:
            lookup = {f"{p}_id": v for p, v in zip(paths, combination, strict=True)}
            changed += model._default_manager.filter(**lookup).exclude(scope_keys=keys).update(scope_keys=keys)
        return changed
    table = connection.ops.quote_name(model._meta.db_table)
    names = [f"c{i}" for i in range(len(columns))]
    rows = ", ".join(["(" + ", ".join(["%s::bigint"] * len(columns)) + ", %s::text[])"] * len(keyed))
    params = [value for combination, keys in keyed for value in (*(-1 if v is None else v for v in combination), keys)]
    match = " AND ".join(f"COALESCE(t.{connection.ops.quote_name(c)}, -1) = v.{n}" for c, n in zip(columns, names,
                                                                                                   strict=True))
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} AS t SET scope_keys = v.keys FROM (VALUES {rows}) AS v({', '.join(names)}, keys) "
                       f"WHERE {match} AND t.scope_keys IS DISTINCT FROM v.keys", params)
        return cursor.rowcount


def backfill(model, *, batch_size: int = 500) -> int:
    """Fill the keys of every row of `model` (data migrations, `refresh_scope_keys`)."""
    paths = _direct_paths(model)
    if paths is not None:
        return _backfill_by_combination(model, paths)
    changed = 0
    queryset = model._default_manager.order_by("pk")
    last = None
    while True:
        page = queryset.filter(pk__gt=last) if last is not None else queryset
        rows = list(page[:batch_size])
        if not rows:
            return changed
        for row in rows:
            changed += refresh_scope_keys(row, cascade=False)
        last = rows[-1].pk


# --- signals: the one place that keeps the keys up to date -----------------------------------


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in scoped_models():
        spec = model.jurisdiction
        post_save.connect(_saved, sender=model, dispatch_uid=f"scope_keys_saved_{model._meta.label}")
        for path in (*spec.divisions, *spec.parties):
            first = path.split("__")[0]
            if first in ("id", "pk"):
                continue
            field = model._meta.get_field(first)
            if field.many_to_many and not field.auto_created:
                m2m_changed.connect(_m2m_changed, sender=field.remote_field.through,
                                    dispatch_uid=f"scope_keys_m2m_{model._meta.label}_{first}")
            elif field.one_to_many:
                related = field.related_model
                receiver = _party_changed(field.field.name)
                post_save.connect(receiver, sender=related, weak=False,
                                  dispatch_uid=f"scope_keys_party_{model._meta.label}_{first}")
                post_delete.connect(receiver, sender=related, weak=False,
                                    dispatch_uid=f"scope_keys_party_del_{model._meta.label}_{first}")


def _paths_fields(model) -> set[str]:
    """The fields whose change can move the row's keys (a save naming none of them changes nothing)."""
    spec = model.jurisdiction
    firsts = {p.split("__")[0] for p in (*spec.divisions, *spec.parties)}
    if spec.subject:
        gfk = model._meta.get_field(spec.subject)
        firsts |= {gfk.ct_field, gfk.fk_field, "kind"}
    return firsts | {f"{name}_id" for name in firsts}


def _saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """After a write: what the field's pre_save could not see yet, and the rows that follow this one."""
    if raw:
        return
    spec = sender.jurisdiction
    if created and any(p in ("id", "pk") for p in spec.parties):
        refresh_scope_keys(instance)  # the row's own id was not known before the INSERT
    elif update_fields is not None and "scope_keys" not in update_fields:
        if set(update_fields) & _paths_fields(sender):
            refresh_scope_keys(instance)
    elif getattr(instance, "_scope_keys_moved", False):
        for dependent in dependents_of(instance):
            refresh_scope_keys(dependent)
    instance._scope_keys_moved = False


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        refresh_scope_keys(instance)
        return
    # Changed from the organisation's side: refresh each scoped row concerned.
    owner_model = model
    if owner_model not in scoped_models():
        return
    for row in owner_model._default_manager.filter(pk__in=pk_set or []):
        refresh_scope_keys(row)


def _party_changed(fk_name: str):
    def receiver(sender, instance, raw=False, **kwargs):
        if raw:
            return
        refresh_scope_keys(getattr(instance, fk_name, None))

    return receiver


# --- migrations -------------------------------------------------------------------------------


def gin_index_operations(table: str):
    """Migration operations creating the GIN index on PostgreSQL (nothing on other databases)."""
    from django.db import migrations

    name = f"{table}_scope_gin"[:63]

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("scope_keys")')

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return [migrations.RunPython(forwards, backwards, elidable=False)]


def backfill_operation(app_label: str, model_name: str):
    """A data migration filling the keys of existing rows, with the model's current jurisdiction."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        from django.apps import apps as global_apps

        historical = apps.get_model(app_label, model_name)
        if not historical._default_manager.exists():
            return
        current = global_apps.get_model(app_label, model_name)
        spec = current.jurisdiction
        for row in historical._default_manager.order_by("pk").iterator(chunk_size=500):
            subject_keys = _historical_subject_keys(apps, row, spec) if spec.subject else None
            keys = compute_scope_keys(row, spec, subject_keys=subject_keys)
            historical._default_manager.filter(pk=row.pk).update(scope_keys=keys)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)


def _historical_subject_keys(apps, row, spec) -> list[str]:
    """In a migration there is no generic relation: find the subject and compute its keys."""
    from django.apps import apps as global_apps
    from django.contrib.contenttypes.models import ContentType

    gfk = global_apps.get_model(row._meta.app_label, row._meta.model_name)._meta.get_field(spec.subject)
    content_type = ContentType.objects.get_for_id(getattr(row, f"{gfk.ct_field}_id"))
    subject_model = global_apps.get_model(content_type.app_label, content_type.model)
    subject_spec = getattr(subject_model, "jurisdiction", None)
    if subject_spec is None:
        return []
    historical = apps.get_model(content_type.app_label, content_type.model)
    subject = historical._default_manager.filter(pk=getattr(row, gfk.fk_field)).first()
    return compute_scope_keys(subject, subject_spec) if subject is not None else []
