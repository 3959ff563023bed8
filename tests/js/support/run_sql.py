"""Run SQL as the test database's superuser for the JS tests (support/sql.mjs): {"sql", "params"}
on stdin, the rows of the last statement as a JSON list of objects on stdout. Without params,
the text may hold several statements."""

import json
import sys

import psycopg
from psycopg.rows import dict_row

request = json.load(sys.stdin)
with psycopg.connect(sys.argv[1], autocommit=True, row_factory=dict_row) as conn:
    cursor = conn.execute(request["sql"], request.get("params") or None)
    rows = cursor.fetchall() if cursor.description else []
json.dump(rows, sys.stdout, default=str)
