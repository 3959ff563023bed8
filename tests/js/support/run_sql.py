"""Run one SQL statement as the test database's superuser for the JS tests (support/sql.mjs):
{"sql", "params"} on stdin, the rows as a JSON list of objects on stdout."""

import json
import sys

import psycopg
from psycopg.rows import dict_row

request = json.load(sys.stdin)
with psycopg.connect(sys.argv[1], autocommit=True, row_factory=dict_row) as conn:
    cursor = conn.execute(request["sql"], request.get("params") or [])
    rows = cursor.fetchall() if cursor.description else []
json.dump(rows, sys.stdout, default=str)
