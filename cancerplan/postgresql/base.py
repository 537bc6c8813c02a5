"""Django's PostgreSQL backend, with its bulk writes cut to what server-side binding allows.

With the parameters bound by the server (settings: DATABASE_PREPARED_STATEMENTS), a statement
takes at most 65,535 of them, where client-side binding had no limit and Django's backend does
not batch: a bulk insert of a national round's 6,300 assessment history rows (11 values each)
would fail. bulk_create, bulk_update and deletes ask bulk_batch_size how many rows a statement
may carry, as they ask SQLite's backend.
"""

from django.db.backends.postgresql import base, operations

MAX_PARAMETERS = 65_535


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        """Rows per statement. bulk_update binds two values a row for each field it sets (in
        its CASE WHEN) and is given those fields and two more; twice the fields covers both."""
        if not fields or not self.connection.features.uses_server_side_binding:
            return super().bulk_batch_size(fields, objs)
        return max(1, min(len(objs), MAX_PARAMETERS // (2 * len(fields))))


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
