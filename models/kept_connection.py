"""A connection per process to the primary database, outside Odoo's pool."""

import logging
import os
import threading

import psycopg2

from odoo import sql_db

_logger = logging.getLogger(__name__)


class KeptConnections:
    """One connection per process and database, kept open, for the short
    statements a public request runs beside its own transaction (the rate
    limits' counters, the statistics of a rating once it is committed).

    Odoo's pool resets a connection at every borrow (``DISCARD ALL``): the
    functions' plans would be made again at every request, and the reset is
    one more round trip. These statements only need a connection that runs
    a function in autocommit, whose session state (its cached plans) is
    worth keeping. A lock lets one thread at a time use it: each use is one
    short statement. A connection broken (server restarted, backend terminated)
    is opened again and the statement tried once more; one opened by the
    process this one was forked from is never used, nor closed, here.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._connections = {}  # db name -> (pid, connection)
        self._inherited = []  # a parent's connections: never closed here

    def fetchall(self, db_name, query):
        """Rows of ``query`` (SQL), run and committed on ``db_name``'s kept
        connection."""
        with self._lock:
            for attempt in range(2):
                connection = self._connection(db_name)
                try:
                    with connection.cursor() as cr:
                        cr.execute(query.code, query.params)
                        return cr.fetchall()
                except (psycopg2.OperationalError, psycopg2.InterfaceError):
                    self._forget(db_name)
                    if attempt:
                        raise
                    _logger.info("Kept connection to %s reopened", db_name)

    def _connection(self, db_name):
        pid, connection = self._connections.get(db_name, (None, None))
        if connection is None or pid != os.getpid() or connection.closed:
            self._forget(db_name)
            _db_name, info = sql_db.connection_info_for(db_name)
            connection = psycopg2.connect(**info)
            connection.autocommit = True
            self._connections[db_name] = (os.getpid(), connection)
        return connection

    def _forget(self, db_name):
        pid, connection = self._connections.pop(db_name, (None, None))
        if pid != os.getpid():
            if connection is not None:
                self._inherited.append(connection)
        elif not connection.closed:
            try:
                connection.close()
            except psycopg2.Error:
                _logger.debug("Closing a broken kept connection failed")


KEPT_CONNECTIONS = KeptConnections()
