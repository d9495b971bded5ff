"""Creating many plain rows with the ORM's bulk path.

``create`` asks ``default_get`` for the missing fields of every record; with
its cached look-ups (user defaults, parameters) that is about half a
millisecond per record, more than the rest of creating a simple row. A batch
return creates tens of thousands of rows (SMS, chatter messages, tracking
values): here the defaults are asked once per batch, then the ORM's ``_create``
inserts the rows, 100 per statement, puts them in the cache, marks what
depends on them for recomputation and checks the constraints, as ``create``
does.
"""

from odoo import Command
from odoo.models import SQL_DEFAULT
from odoo.tools import SQL, clean_context

LOG_ACCESS = ("create_uid", "create_date", "write_uid", "write_date")


def create_rows(
    model, vals_list, fresh_defaults=(), lean=False, context_defaults=False
):
    """Create records of ``model`` from ``vals_list``, defaults asked once.

    ``fresh_defaults``: the fields whose default must differ from one record
    to the next (a UUID, a token): their default is called for each record
    that has no value. ``model.create()`` and its overrides are NOT run: only
    for models whose ``create`` adds nothing to these values (the caller
    knows which), with values of stored fields, none inherited from a parent
    model. Context keys ``default_*`` are ignored, as in chatter helpers,
    unless ``context_defaults``: then they apply, as ``create()`` applies them.

    ``lean``: the rows are written by ``insert_rows`` (one INSERT, the new
    records left out of the cache) instead of the ORM's ``_create``.
    """
    if not vals_list:
        return model.browse()
    if not context_defaults:
        model = model.with_context(clean_context(model.env.context))
    model = model.browse()
    model.check_access("create")
    fields = model._fields
    given = set().union(*vals_list)
    # one row may lack a value that others have: its default is needed too
    everywhere = given.intersection(*vals_list)
    for name in given:
        field = fields.get(name)
        if field is None or not field.store or field.inherited:
            raise ValueError(f"{model._name}.{name}: not a stored field of its own")
    defaults = model.default_get(
        [
            name
            for name, field in fields.items()
            if field.store
            and not field.inherited
            and name not in everywhere
            and name not in fresh_defaults
            and name not in LOG_ACCESS
        ]
    )
    for name, value in defaults.items():
        # as create(): ids and dicts of x2many defaults become commands
        if fields[name].type == "many2many" and value and isinstance(value[0], int):
            defaults[name] = [Command.set(value)]
        elif fields[name].type == "one2many" and value and isinstance(value[0], dict):
            defaults[name] = [Command.create(line) for line in value]
    magic = {}
    if model._log_access:
        now, uid = model.env.cr.now(), model.env.uid
        magic = dict.fromkeys(("create_uid", "write_uid"), uid)
        magic.update(dict.fromkeys(("create_date", "write_date"), now))
    rows = []
    for vals in vals_list:
        row = dict(defaults, **vals)
        for name in fresh_defaults:
            if name not in vals:
                row[name] = fields[name].default(model)
        row.update(magic)
        rows.append(row)
    model._add_precomputed_values(rows)
    # as create(): a value given for a computed field is not recomputed
    protecting = {
        name: model.pool.field_computed.get(field, [field])
        for name, field in fields.items()
        if field.compute and (not field.readonly or field.precompute)
    }
    data_list = []
    for row in rows:
        row.pop("__precomputed__", None)
        protected = set()
        for name in protecting.keys() & row.keys():
            protected.update(protecting[name])
        data_list.append(
            {"stored": row, "inversed": {}, "inherited": {}, "protected": protected}
        )
    records = insert_rows(model, data_list) if lean else model._create(data_list)
    if model._check_company_auto:
        records._check_company()
    return records


def insert_rows(model, data_list):
    """What ``model._create(data_list)`` does, for rows nothing reads back soon.

    ``_create`` inserts 100 rows per statement, then puts every field of every
    new record in the cache and appends each record to the cached one2many
    of its many2one targets: for the chatter rows of a batch return (a
    message and two tracking values per dossier, never read in the same
    transaction) that bookkeeping is most of the cost. Here the rows go in
    one INSERT; the new records are not cached (a read fetches them), the
    inverse one2many fields of their many2one fields are invalidated instead
    of updated. As ``_create``: x2many values are written by their field,
    what depends on the new records is marked for recomputation (fields
    given are protected), the Python constraints and the access rules of the
    new records are checked.
    """
    assert data_list and not model._parent_store
    fields = model._fields
    stored_list = [data["stored"] for data in data_list]
    names = sorted(set().union(*stored_list))
    columns = [name for name in names if fields[name].column_type]
    others = [fields[name] for name in names if not fields[name].column_type]
    if any(field.type == "properties" for field in others):
        raise ValueError(f"{model._name}: properties fields need the ORM's create")
    # one list of values per column, each value converted by its field
    arrays = []
    for name in columns:
        convert = fields[name].convert_to_column_insert
        arrays.append(
            [
                convert(stored[name], model, stored) if name in stored else SQL_DEFAULT
                for stored in stored_list
            ]
        )
    cr = model.env.cr
    if any(value is SQL_DEFAULT for array in arrays for value in array):
        # a row without a value: the column's default, in a row of its own
        source = SQL("VALUES %s", SQL(", ").join(zip(*arrays, strict=True)))
    else:
        # the values as one array per column: psycopg2 quotes a list in C,
        # a row (a tuple) in Python
        source = SQL(
            "SELECT * FROM unnest(%s)",
            SQL(", ").join(
                SQL("%s::%s[]", array, SQL(fields[name].column_type[0]))
                for name, array in zip(columns, arrays, strict=True)
            ),
        )
    cr.execute(
        SQL(
            "INSERT INTO %s (%s) %s RETURNING id",
            SQL.identifier(model._table),
            SQL(", ").join(map(SQL.identifier, columns)),
            source,
        )
    )
    records = model.browse([row[0] for row in cr.fetchall()])
    protected = [
        (data["protected"], record)
        for data, record in zip(data_list, records, strict=True)
    ]
    with model.env.protecting(protected):
        records.modified(fields, create=True)
        if others:
            # new records relate to nothing yet: no read of the old relation
            for field in others:
                model.env.cache.update(records, field, [()] * len(records))
            writing = records.with_context(clean_context(model.env.context))
            for field in sorted(others, key=lambda field: field._sequence):
                field.create(
                    [
                        (record, stored[field.name])
                        for record, stored in zip(writing, stored_list, strict=True)
                        if field.name in stored
                    ]
                )
            records.modified([field.name for field in others], create=True)
    for name in columns:
        for inverse in model.pool.field_inverses[fields[name]]:
            model.env[inverse.model_name].invalidate_model([inverse.name])
    records._validate_fields(names)
    records.check_access("create")
    return records
