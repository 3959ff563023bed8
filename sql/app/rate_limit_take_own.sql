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
        or p_action not in (
            'orders', 'orders_astro', 'assist_drafts', 'search', 'uploads', 'exports',
            'knowledge_add'
        )
    then
        raise exception 'Unknown per-user rate limit %', coalesce(p_action, 'null')
            using
                errcode = 'RLUNK',
                detail = pg_catalog.jsonb_build_object('action', p_action)::text,
                hint = 'Per-user actions: orders, orders_astro, assist_drafts, search, uploads, '
                'exports, knowledge_add.';
    end if;
    perform app.rate_limit_take(p_action, v_user_id::text, p_cost);
end;
$$;

comment on function app.rate_limit_take_own(text, integer) is
'Spends p_cost tokens of the signed-in user''s own bucket of a per-user action (orders, '
'orders_astro, assist_drafts, search, uploads, exports, knowledge_add). '
'Errors: 42501, RLUNK, RLBAD, PT429.';

revoke execute on function app.rate_limit_take_own(text, integer) from public, anon;

grant execute on function app.rate_limit_take_own(text, integer) to authenticated;
