"""Stream the CSV of one dataset from PostgreSQL's COPY into a ZIP member.

The database writes the CSV (`COPY (select * from app.export_<dataset>) TO STDOUT` with a
header): the header and the rows come from the same query, so they cannot drift apart. The
dataset is a security_invoker view of the export the transaction's setting `app.export_id`
names, so the COPY reads the tables directly, as the caller (docs/ops.md, "Exports"). Times are
written in UTC, ISO style.

COPY hands over one row per block (a few hundred bytes). They are gathered into a buffer of
WRITE_BYTES before each write into the ZIP member, because every write costs a CRC, a call of
the compressor and a file write: per row, that overhead cost more than the compression itself.
Memory stays one buffer and the compressor's window, whatever the size of the export.
"""

from __future__ import annotations

import zipfile

import psycopg
from psycopg import sql

# Names the export the dataset views read in this transaction (app.export_of checks it).
SELECT_EXPORT = "select pg_catalog.set_config('app.export_id', %s, true)"
COPY_DATASET = sql.SQL("copy (select * from app.{view}) to stdout with (format csv, header true)")
WRITE_BYTES = 1 << 20


def write_dataset(conn: psycopg.Connection, archive: zipfile.ZipFile, dataset: str,
                  export_id: str) -> int:
    """Write `<dataset>.csv` into `archive`; returns the number of data rows written.

    `dataset` is a code app.export_begin accepted (a row of app.export_datasets), so the
    view name it makes exists; it is still passed as an identifier, never as text.
    """
    conn.execute("set local timezone = 'UTC'")
    conn.execute("set local datestyle = 'ISO, YMD'")
    conn.execute(SELECT_EXPORT, (export_id,))
    query = COPY_DATASET.format(view=sql.Identifier(f"export_{dataset}"))
    buffer = bytearray()
    with conn.cursor() as cur:
        with archive.open(f"{dataset}.csv", "w", force_zip64=True) as member, \
                cur.copy(query) as copy:
            for block in copy:
                buffer += block
                if len(buffer) >= WRITE_BYTES:
                    member.write(buffer)
                    buffer.clear()
            member.write(buffer)
        return max(cur.rowcount, 0)
