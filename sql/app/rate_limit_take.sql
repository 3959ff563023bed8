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
                detail = pg_catalog.jsonb_build_object('cost', p_cost)::text,
                hint = 'The cost is a positive integer.';
    end if;
    if p_subject is null or p_subject = '' or pg_catalog.length(p_subject) > 200 then
        raise exception 'Invalid rate limit subject'
            using
                errcode = 'RLBAD',
                detail = pg_catalog.jsonb_build_object('subject', p_subject)::text,
                hint = 'The subject is a non-empty text of at most 200 characters.';
    end if;
    select s.capacity, s.refill_seconds into v_limit
    from app.rate_limit_setting(p_action) as s;
    if p_cost > v_limit.capacity then
        raise exception 'Rate limit cost % exceeds the capacity of %', p_cost, p_action
            using
                errcode = 'RLBAD',
                detail = pg_catalog.jsonb_build_object(
                    'cost', p_cost, 'capacity', v_limit.capacity
                )::text,
                hint = 'Raise the capacity or lower the cost.';
    end if;

    -- A new bucket starts full. `do nothing`: a concurrent caller created it first, which is
    -- just as good; the lock below then serialises us behind it.
    insert into app.rate_limit_buckets as b (action, subject, tokens, refreshed_at)
    values (p_action, p_subject, v_limit.capacity, app.now())
    on conflict (action, subject) do nothing;

    select b.tokens, b.refreshed_at into v_bucket
    from app.rate_limit_buckets as b
    where b.action = p_action and b.subject = p_subject
    for update;

    -- The clock (app.now), read after the lock: a caller that waited sees the time it got the
    -- bucket, and time never runs backwards for a bucket.
    v_now := greatest(app.now(), v_bucket.refreshed_at);
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
                detail = pg_catalog.jsonb_build_object('retry_after_seconds', v_wait)::text,
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
'rate_limit.<p_action>. Errors: PT429 (HTTP 429, detail {"retry_after_seconds": N}), RLUNK, RLBAD.';

-- Not for authenticated (it takes any subject): definer functions run it as their owner, and
-- signed-in users spend their own budgets through app.rate_limit_take_own below.
revoke execute on function app.rate_limit_take(text, text, integer)
from public, anon, authenticated;

grant execute on function app.rate_limit_take(text, text, integer) to service_role;
