-- require_reason: the one rule for the reason a cancellation, a rejection, a block or an
-- unblock must carry: 1 to 1000 characters after trimming. Returns the trimmed text.
create or replace function app.require_reason(p_reason text) returns text
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
    v_reason text := nullif(pg_catalog.btrim(p_reason), '');
begin
    if v_reason is null or pg_catalog.char_length(v_reason) > 1000 then
        raise exception 'A reason of 1 to 1000 characters is required'
            using
                errcode = 'RSNRQ',
                detail = pg_catalog.jsonb_build_object(
                    'length', coalesce(pg_catalog.char_length(v_reason), 0), 'maximum', 1000
                )::text,
                hint = 'Say why; the reason is kept in the history.';
    end if;
    return v_reason;
end;
$$;

comment on function app.require_reason(text) is
'The trimmed reason, 1 to 1000 characters. Errors: RSNRQ.';

revoke execute on function app.require_reason(text) from public, anon;

grant execute on function app.require_reason(text) to authenticated;
