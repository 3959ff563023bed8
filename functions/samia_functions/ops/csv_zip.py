"""Stream the CSV of one dataset from PostgreSQL's COPY into a ZIP member.

The database writes the CSV (`COPY (select * from app.export_<dataset>(id)) TO STDOUT` with a
header): the header and the rows come from the same query, so they cannot drift apart, and
the function never holds more than one COPY chunk and the compressor's window in memory,
whatever the size of the export. Times are written in UTC, ISO style.
"""

from __future__ import annotations

import zipfile

import psycopg
from psycopg import sql

COPY_DATASET = sql.SQL(
    "copy (select * from app.{function}(%s)) to stdout with (format csv, header true)")


def write_dataset(conn: psycopg.Connection, archive: zipfile.ZipFile, dataset: str,
                  export_id: str) -> int:
    """Write `<dataset>.csv` into `archive`; returns the number of data rows written.

    `dataset` is a code app.export_begin accepted (a row of app.export_datasets), so the
    function name it makes exists; it is still passed as an identifier, never as text.
    """
    conn.execute("set local timezone = 'UTC'")
    conn.execute("set local datestyle = 'ISO, YMD'")
    query = COPY_DATASET.format(function=sql.Identifier(f"export_{dataset}"))
    with conn.cursor() as cur:
        with archive.open(f"{dataset}.csv", "w", force_zip64=True) as member, \
                cur.copy(query, (export_id,)) as copy:
            for chunk in copy:
                member.write(chunk)
        return max(cur.rowcount, 0)
