"""PostgreSQL for the suite: Django's backend, emptied faster between transactional tests.

A test that commits (live server, real worker, `transaction=True`) is followed by a flush of
every table. Django's flush on PostgreSQL is one TRUNCATE of the 86 tables: about 0.6 s even
when they hold a few rows, as each table and index gets a new file. DELETE of a few rows
takes a tenth of that, sent as one statement. Every foreign key Django creates is DEFERRABLE, and the flush runs in
one transaction (`execute_sql_flush`), so the order of the DELETEs does not matter: the keys
are checked at COMMIT, when every row is gone. A flush asked to reset sequences keeps
TRUNCATE. The content types and permissions stay (KEPT). Only tests/settings.py names this backend; the site runs Django's own.
"""

from django.db.backends.postgresql import base, operations

# Derived from the models alone, and made again by post_migrate after every flush (some 400
# INSERTs, 0.35 s): kept, as a real database keeps them. Groups and their permissions go.
KEPT = {"django_content_type", "auth_permission"}


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences or allow_cascade:
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        # One statement for all: a round trip per table cost as much as the TRUNCATE.
        deletes = (
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))}"
            for table in tables
            if table not in KEPT
        )
        return ["; ".join(["SET CONSTRAINTS ALL DEFERRED", *deletes])]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_connection_params(self):
        """A commit does not wait for its WAL to reach the disk: the suite commits
        thousands of times (live servers, real workers, flushes), and a test database lost
        with the machine is simply made again."""
        params = super().get_connection_params()
        params["options"] = f"{params.get('options', '')} -c synchronous_commit=off".strip()
        return params
