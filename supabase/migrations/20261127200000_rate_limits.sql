-- Rate limiting: one token bucket per (action, subject). The limit of an action is
-- the setting 'rate_limit.<action>' = {"capacity": N, "refill_seconds": S}: a bucket starts
-- full with N tokens and refills N tokens evenly over S seconds. The setting is read on every
-- call, so a change applies on the next call.

create table app.rate_limit_buckets (
    action text not null,
    subject text not null,
    tokens numeric not null check (tokens >= 0),
    refreshed_at timestamptz not null,
    primary key (action, subject)
);

comment on table app.rate_limit_buckets is
'Token buckets of app.rate_limit_take(); a missing row is a full bucket. Written only by '
'that function (and the purge job); no API role reads or writes it.';
comment on column app.rate_limit_buckets.subject is
'Who or what is limited, e.g. a user id or an E.164 phone number.';
comment on column app.rate_limit_buckets.tokens is
'Tokens left at refreshed_at (refill is computed on the next call).';
alter table app.rate_limit_buckets enable row level security;
revoke all on table app.rate_limit_buckets from anon, authenticated, service_role;

-- The limit of an action from app.app_settings, validated; RLUNK when it is missing or not a
-- {"capacity", "refill_seconds"} object of positive integers. Invoker: its callers are the
-- definer functions below (and admins, who may read app_settings anyway).
create or replace function app.rate_limit_setting(
    p_action text,
    out capacity integer,
    out refill_seconds integer
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
    v_value jsonb;
begin
    select s.value into v_value
    from app.app_settings as s
    where s.key = 'rate_limit.' || p_action;
    if
        pg_catalog.jsonb_typeof(v_value -> 'capacity') is distinct from 'number'
        or pg_catalog.jsonb_typeof(v_value -> 'refill_seconds') is distinct from 'number'
        or (v_value ->> 'capacity') !~ '^[1-9][0-9]{0,8}$'
        or (v_value ->> 'refill_seconds') !~ '^[1-9][0-9]{0,8}$'
    then
        raise exception 'Unknown rate limit %', coalesce(p_action, 'null')
            using
                errcode = 'RLUNK',
                detail = pg_catalog.format(
                    'setting rate_limit.%s: %s', p_action, coalesce(v_value::text, 'missing')
                ),
                hint = 'Define the setting as {"capacity": N, "refill_seconds": S} '
                || 'with positive integers.';
    end if;
    capacity := (v_value ->> 'capacity')::integer;
    refill_seconds := (v_value ->> 'refill_seconds')::integer;
end;
$$;

comment on function app.rate_limit_setting(text) is
'Capacity and refill period of a rate-limited action from app_settings (RLUNK if unusable).';
revoke execute on function app.rate_limit_setting(text)
from public, anon, authenticated, service_role;

-- Definer because callers (RPCs running as the user, the phone verification function) must be
-- able to spend tokens but never to write or reset buckets directly: the table has no grants.
-- Exact under concurrency: the bucket row is created if missing and then locked (for update),
-- so parallel callers on one bucket queue up and never spend more than its budget.
create or replace function app.rate_limit_take(
    p_action text,
    p_subject text,
    p_cost integer default 1
) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_limit record;
    v_bucket record;
    v_now timestamptz;
    v_tokens numeric;
    v_wait integer;
begin
    if p_cost is null or p_cost < 1 then
        raise exception 'Invalid rate limit cost %', coalesce(p_cost::text, 'null')
            using
                errcode = 'RLBAD',
                detail = pg_catalog.format('p_cost: %s', coalesce(p_cost::text, 'null')),
                hint = 'The cost is a positive integer.';
    end if;
    if p_subject is null or p_subject = '' or pg_catalog.length(p_subject) > 200 then
        raise exception 'Invalid rate limit subject'
            using
                errcode = 'RLBAD',
                detail = pg_catalog.format('p_subject: %s', coalesce(p_subject, 'null')),
                hint = 'The subject is a non-empty text of at most 200 characters.';
    end if;
    select s.capacity, s.refill_seconds into v_limit
    from app.rate_limit_setting(p_action) as s;
    if p_cost > v_limit.capacity then
        raise exception 'Rate limit cost % exceeds the capacity of %', p_cost, p_action
            using
                errcode = 'RLBAD',
                detail = pg_catalog.format(
                    'p_cost: %s, capacity: %s', p_cost, v_limit.capacity
                ),
                hint = 'Raise the capacity or lower the cost.';
    end if;

    -- A new bucket starts full. `do nothing`: a concurrent caller created it first, which is
    -- just as good; the lock below then serialises us behind it.
    insert into app.rate_limit_buckets as b (action, subject, tokens, refreshed_at)
    values (p_action, p_subject, v_limit.capacity, pg_catalog.clock_timestamp())
    on conflict (action, subject) do nothing;

    select b.tokens, b.refreshed_at into v_bucket
    from app.rate_limit_buckets as b
    where b.action = p_action and b.subject = p_subject
    for update;

    -- clock_timestamp, read after the lock: a caller that waited sees the time it got the
    -- bucket, and time never runs backwards for a bucket.
    v_now := greatest(pg_catalog.clock_timestamp(), v_bucket.refreshed_at);
    -- Refill, then clamp to the current capacity (it may have shrunk since the last call).
    -- Multiply before dividing so whole tokens stay whole.
    v_tokens := least(
        v_limit.capacity::numeric,
        v_bucket.tokens
        + pg_catalog.date_part('epoch', v_now - v_bucket.refreshed_at)::numeric
        * v_limit.capacity
        / v_limit.refill_seconds
    );
    if v_tokens < p_cost then
        v_wait := greatest(
            1,
            pg_catalog.ceil((p_cost - v_tokens) * v_limit.refill_seconds / v_limit.capacity)
        )::integer;
        raise exception 'Rate limit exceeded for %', p_action
            using
                errcode = 'PT429',
                detail = pg_catalog.format('retry_after_seconds=%s', v_wait),
                hint = pg_catalog.format(
                    'Try again in %s seconds (limit: %s per %s seconds).',
                    v_wait, v_limit.capacity, v_limit.refill_seconds
                );
    end if;

    update app.rate_limit_buckets as b
    set
        tokens = v_tokens - p_cost,
        refreshed_at = v_now
    where b.action = p_action and b.subject = p_subject;
end;
$$;

comment on function app.rate_limit_take(text, text, integer) is
'Spends p_cost tokens of the bucket (p_action, p_subject), limit from the setting '
'rate_limit.<p_action>. Errors: PT429 (HTTP 429, detail retry_after_seconds=N), RLUNK, RLBAD.';
-- Not for authenticated (it takes any subject): definer functions run it as their owner, and
-- signed-in users spend their own budgets through app.rate_limit_take_own below.
revoke execute on function app.rate_limit_take(text, text, integer)
from public, anon, authenticated;
grant execute on function app.rate_limit_take(text, text, integer) to service_role;

-- Definer because app.rate_limit_take is not executable by authenticated; this wrapper
-- fixes the subject to the caller (auth.uid()) and admits only the per-user actions, so a user
-- can spend nobody's budget but their own. Raises 42501 (not signed in), RLUNK (not a per-user
-- action), and whatever app.rate_limit_take raises (PT429, RLBAD, RLUNK).
create or replace function app.rate_limit_take_own(
    p_action text,
    p_cost integer default 1
) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    v_user_id uuid := auth.uid();
begin
    if v_user_id is null then
        raise exception 'Sign in to spend a rate limit'
            using errcode = '42501', hint = 'Call this as a signed-in user.';
    end if;
    if
        p_action is null
        or p_action not in ('orders', 'orders_astro', 'assist_drafts', 'search', 'uploads')
    then
        raise exception 'Unknown per-user rate limit %', coalesce(p_action, 'null')
            using
                errcode = 'RLUNK',
                detail = pg_catalog.format('p_action: %s', coalesce(p_action, 'null')),
                hint = 'Per-user actions: orders, orders_astro, assist_drafts, search, uploads.';
    end if;
    perform app.rate_limit_take(p_action, v_user_id::text, p_cost);
end;
$$;

comment on function app.rate_limit_take_own(text, integer) is
'Spends p_cost tokens of the signed-in user''s own bucket of a per-user action (orders, '
'orders_astro, assist_drafts, search, uploads). Errors: 42501, RLUNK, RLBAD, PT429.';
revoke execute on function app.rate_limit_take_own(text, integer) from public, anon;
grant execute on function app.rate_limit_take_own(text, integer) to authenticated;

-- Definer because app_settings has no write grant for any API role; it is the only path by
-- which a limit changes, and it checks the caller's application role itself.
create or replace function app.write_rate_limit_setting(
    p_action text,
    p_capacity integer,
    p_refill_seconds integer
) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
    if not coalesce(app.current_role() in ('admin', 'superadmin'), false) then
        raise exception 'Only admins may change rate limits'
            using errcode = '42501', hint = 'Sign in as an admin or superadmin.';
    end if;
    if exists (select 1 from app.profiles as p where p.id = (select auth.uid()) and p.is_blocked) then
        raise exception 'Your account is blocked'
            using errcode = '42501', hint = 'Contact an admin.';
    end if;
    if
        p_capacity is null or p_capacity < 1 or p_capacity > 1000000
        or p_refill_seconds is null or p_refill_seconds < 1 or p_refill_seconds > 31622400
    then
        raise exception 'Invalid rate limit %/%s',
            coalesce(p_capacity::text, 'null'), coalesce(p_refill_seconds::text, 'null')
            using
                errcode = 'RLBAD',
                detail = pg_catalog.format(
                    'p_capacity: %s, p_refill_seconds: %s',
                    coalesce(p_capacity::text, 'null'), coalesce(p_refill_seconds::text, 'null')
                ),
                hint = 'Capacity 1..1000000 and refill_seconds 1..31622400 (a year).';
    end if;
    update app.app_settings as s
    set
        value = pg_catalog.jsonb_build_object(
            'capacity', p_capacity, 'refill_seconds', p_refill_seconds
        ),
        updated_by = (select auth.uid())
    where s.key = 'rate_limit.' || p_action;
    if not found then
        raise exception 'Unknown rate limit %', coalesce(p_action, 'null')
            using
                errcode = 'RLUNK',
                detail = pg_catalog.format('setting rate_limit.%s: missing', p_action),
                hint = 'Only existing rate limits can be changed; see list_rate_limits().';
    end if;
end;
$$;

comment on function app.write_rate_limit_setting(text, integer, integer) is
'Sets the limit of an existing rate-limited action (unblocked admins and superadmins only). '
'Errors: 42501 (also a blocked caller), RLBAD, RLUNK.';
revoke execute on function app.write_rate_limit_setting(text, integer, integer)
from public, anon;
grant execute on function app.write_rate_limit_setting(text, integer, integer) to authenticated;

-- Job: forget buckets that have been refilling for a whole period; they are full again, and a
-- missing bucket is a full one, so nothing changes for anybody. Run through /functions/v1/jobs
-- ({"job": "purge_rate_limit_buckets"}) or `samia jobs run`, e.g. hourly. Definer because the
-- jobs endpoint runs as service_role, which holds no privilege on the buckets table.
create or replace function app.job_purge_rate_limit_buckets() returns integer
language sql
volatile
security definer
set search_path = ''
as $$
    with gone as (
        delete from app.rate_limit_buckets as b
        using app.app_settings as s
        where
            s.key = 'rate_limit.' || b.action
            and (s.value ->> 'refill_seconds') ~ '^[1-9][0-9]{0,8}$'
            and b.refreshed_at
            < pg_catalog.now()
            - pg_catalog.make_interval(secs => (s.value ->> 'refill_seconds')::integer)
        returning 1
    )
    select count(*)::integer from gone
$$;

comment on function app.job_purge_rate_limit_buckets() is
'Job: deletes token buckets idle for a whole refill period (they are full); returns the count.';
revoke execute on function app.job_purge_rate_limit_buckets()
from public, anon, authenticated;
grant execute on function app.job_purge_rate_limit_buckets() to service_role;
