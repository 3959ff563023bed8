"""A throw-away database with a year of operations, for bench/ops.py and bench/export.py.

`ops_database(orders)` builds a cluster and database with the project's migrations, then
loads with generate_series: clients (names, emails, verified phones, time zones of the
region), readers, `orders` orders spread over the last 365 days in every state with the stamps
the workflow writes (assigned, started, submitted, approved, delivered, cancelled), a
moderation decision per judged order, a booked call for about one order in 64 (ended, or live
in the last hour), an AI-assist draft for about a quarter of the results, and an admin and a
superadmin. The workflow and profile
triggers are off during the load (session_replication_role = replica); every row still
satisfies the check constraints. Yields the database DSN and the two staff ids.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from samia_cli import migrator
from samia_cli.checks import free_port
from samia_cli.cluster import throwaway_cluster
from samia_cli.testdb import with_dbname

ROOT = Path(__file__).resolve().parents[1]

LOAD_SQL = """
insert into auth.users (id, aud, role, email, raw_app_meta_data, created_at, updated_at)
select gen_random_uuid(), 'authenticated', 'authenticated',
       case when n <= %(clients)s then 'client' || n else 'reader' || n end || '@bench.example',
       jsonb_build_object('role', case when n <= %(clients)s then 'client' else 'reader' end),
       now(), now()
from generate_series(1, %(clients)s + %(readers)s) as n;
insert into auth.users (id, aud, role, email, raw_app_meta_data, created_at, updated_at)
values (gen_random_uuid(), 'authenticated', 'authenticated', 'admin@bench.example',
        '{"role": "admin"}', now(), now()),
       (gen_random_uuid(), 'authenticated', 'authenticated', 'superadmin@bench.example',
        '{"role": "superadmin"}', now(), now());

create schema bench;
create table bench.clients as
select row_number() over (order by id) as n, id from app.profiles where role = 'client';
create table bench.readers as
select row_number() over (order by id) as n, id from app.profiles where role = 'reader';
create unique index on bench.clients (n);
create unique index on bench.readers (n);

-- the profile triggers (time zone and audit) cost a time-zone scan per row: off for the load
set session_replication_role = replica;
update app.profiles as p
set first_name = (array['Samia', 'Omar', 'Layla', 'سامية', 'يوسف'])[1 + c.n %% 5],
    last_name = (array['Haddad', 'Nasser', 'Khalil', 'الأحمد'])[1 + c.n %% 4],
    date_of_birth = date '1990-05-05', country_code = 'SA',
    time_zone = (array['Asia/Riyadh', 'Asia/Dubai', 'Africa/Cairo', 'Europe/London'])[1 + c.n %% 4],
    phone = '+9665' || lpad(c.n::text, 8, '0'), phone_verified = true
from bench.clients as c where c.id = p.id;

insert into app.orders (
    client_id, service_code, reader_id, status, question, created_at, updated_at,
    status_changed_at, assigned_at, started_at, submitted_at, approved_at, delivered_at,
    cancelled_at, cancel_reason
)
select c.id, s.code,
       case when st.status in ('new', 'cancelled') then null else r.id end,
       st.status, 'What does the card say about question ' || g || '?',
       t.created, t.created, t.created + t.step * t.done,
       case when st.rank >= 1 then t.created + t.step end,
       case when st.rank >= 2 then t.created + t.step * 2 end,
       case when st.rank >= 3 then t.created + t.step * 3 end,
       case when st.rank >= 4 then t.created + t.step * 4 end,
       case when st.rank >= 4 then t.created + t.step * 4 end,
       case when st.status = 'cancelled' then t.created + t.step end,
       case when st.status = 'cancelled' then 'changed my mind' end
from generate_series(1, %(orders)s) as g
cross join lateral (select (1 + (g::bigint * 7919) %% %(clients)s) as cn,
                           (1 + (g::bigint * 104729) %% %(readers)s) as rn) as pick
join bench.clients as c on c.n = pick.cn
join bench.readers as r on r.n = pick.rn
cross join lateral (select (array['tarot', 'coffee', 'healing', 'astro'])[1 + g %% 4] as code) as s
cross join lateral (
    select now() - make_interval(secs => g::double precision * 31536000 / %(orders)s) as created,
           make_interval(secs => 60 + (g::bigint * 7919) %% 7200) as step
) as t0
cross join lateral (
    select (array['new', 'assigned', 'in_progress', 'awaiting_approval', 'delivered',
                  'delivered', 'delivered', 'delivered', 'delivered', 'cancelled'])
           [1 + (g / 7) %% 10]::app.order_status as status
) as st0
cross join lateral (
    select st0.status,
           case st0.status when 'new' then 0 when 'assigned' then 1 when 'in_progress' then 2
                when 'awaiting_approval' then 3 when 'delivered' then 4 else 1 end as rank
) as st
cross join lateral (select t0.created, t0.step, st.rank as done) as t;
insert into app.order_results (order_id, output_text)
select o.id, 'The answer.' from app.orders as o
where o.status in ('awaiting_approval', 'delivered');
insert into app.moderation_actions (occurred_at, actor_id, action, target_order_id, reason)
select o.approved_at, (select id from app.profiles where role = 'superadmin'),
       case when o.created_at::text like '%%3_' then 'reject' else 'approve' end,
       o.id, case when o.created_at::text like '%%3_' then 'unclear' end
from app.orders as o where o.approved_at is not null;
-- live calls: about one order in 64 with a reader is a booked 15-minute call; the bookings are
-- spread evenly from a year ago to an hour ahead, one after the other (no reader's or client's
-- bookings overlap up to a few million orders); the calls of the past have ended (an eighth
-- of them no-shows), those of the last hour are live
create table bench.booked as
select o.id, o.reader_id, o.client_id,
       now() - interval '365 days'
       + make_interval(secs => 31539600.0 * (row_number() over w - 1) / count(*) over ())
           as starts_at
from app.orders as o
where o.reader_id is not null and (hashtext(o.id::text) & 63) = 0
window w as (order by o.created_at, o.id);
insert into app.call_bookings (order_id, reader_id, client_id, starts_at, minutes, ends_at,
                               created_at)
select b.id, b.reader_id, b.client_id, b.starts_at, 15, b.starts_at + interval '15 minutes',
       b.starts_at - interval '1 day'
from bench.booked as b;
insert into app.calls (order_id, conference_name, time_limit_seconds, state, initiated_at,
                       started_at, ended_at, duration_seconds, end_reason)
select b.id, 'bk_' || b.id, 900,
       case when b.starts_at > now() - interval '1 hour' then 'in_progress' else 'ended' end,
       b.starts_at,
       case when (hashtext(b.id::text) & 15) > 1 then b.starts_at end,
       case when b.starts_at <= now() - interval '1 hour' then b.starts_at + interval '14 minutes'
       end,
       case when b.starts_at <= now() - interval '1 hour' and (hashtext(b.id::text) & 15) > 1
            then 840 end,
       case when b.starts_at > now() - interval '1 hour' then null
            when (hashtext(b.id::text) & 15) > 1 then 'completed' else 'no_show_client' end
from bench.booked as b
where b.starts_at <= now();
-- AI assist: a draft for a fifth of the results, of which the reader kept some words
insert into app.assist_drafts (id, order_id, author_id, kind, prompt_version, text, language,
                               created_at)
select gen_random_uuid(), o.id, o.reader_id, 'extractive', 'bench', 'A draft.', 'en',
       o.started_at
from app.orders as o
where o.submitted_at is not null and (hashtext(o.id::text) & 7) < 2;
update app.order_results as r
set draft_id = d.id, draft_overlap = ((hashtext(d.id::text) & 1023) / 1023.0)::real
from app.assist_drafts as d
where d.order_id = r.order_id;
set session_replication_role = origin;
-- the status counts trigger was off too: count as the migration that made the table does
delete from app.order_status_counts;
insert into app.order_status_counts (status, shard, orders)
select o.status, (hashtext(o.id::text) & 15)::smallint, count(*)
from app.orders as o
group by 1, 2;
"""


@dataclass(frozen=True)
class OpsDatabase:
    dsn: str
    admin_id: str
    superadmin_id: str
    load_seconds: float


@contextmanager
def ops_database(orders: int, clients: int = 20_000, readers: int = 200) -> Iterator[OpsDatabase]:
    cluster = throwaway_cluster(free_port(), with_pgtap=False)
    cluster.init()
    cluster.start()
    try:
        with migrator.connect(cluster.dsn()) as conn:
            conn.execute("create database bench")
        dsn = with_dbname(cluster.dsn(), "bench")
        started = time.perf_counter()
        with migrator.connect(dsn) as conn:
            migrator.apply_bootstrap(conn)
            migrator.migrate(conn, ROOT)
            with conn.transaction():
                sizes = {"orders": orders, "clients": clients, "readers": readers}
                psycopg.ClientCursor(conn).execute(LOAD_SQL, sizes)
            conn.execute("vacuum analyze")
            admin_id, superadmin_id = conn.execute(
                "select (select id::text from app.profiles where role = 'admin'),"
                " (select id::text from app.profiles where role = 'superadmin')").fetchone()
        yield OpsDatabase(dsn, admin_id, superadmin_id, time.perf_counter() - started)
    finally:
        cluster.destroy()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
