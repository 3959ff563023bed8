"""Operations functions: ops_export (masked or raw CSV exports of the database, zipped)."""
