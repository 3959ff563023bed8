-- The one home of the language rule: the platform speaks Arabic and English. Every list RPC
-- checks its p_language here, and the profiles trigger checks profiles.language here, so the
-- code (BADLG), message, detail and hint are the same everywhere. Returns the value, so a
-- caller can check and use it in one expression. Stable, not immutable: a function that raises
-- must not be folded while a query is planned.
create or replace function app.assert_language(p_language text) returns text
language plpgsql
stable
parallel safe
security invoker
set search_path = ''
as $$
declare
    v_allowed constant text[] := array['ar', 'en'];
begin
    if p_language is null or not p_language = any(v_allowed) then
        raise exception 'Unsupported language %', coalesce(p_language, 'null')
            using
                errcode = 'BADLG',
                detail = pg_catalog.jsonb_build_object(
                    'value', p_language, 'allowed', pg_catalog.to_jsonb(v_allowed)
                )::text,
                hint = 'Use ''ar'' or ''en''.';
    end if;
    return p_language;
end;
$$;

comment on function app.assert_language(text) is
'Returns p_language when it is ''ar'' or ''en''; otherwise raises BADLG '
'(detail {"value": ..., "allowed": ["ar", "en"]}).';

-- anon too: the metadata RPCs anon calls are invoker, and this is the one app function anon
-- may run (pure, reads nothing; the _security tests name it as the only exception).
revoke execute on function app.assert_language(text) from public;

grant execute on function app.assert_language(text) to anon;

grant execute on function app.assert_language(text) to authenticated;

grant execute on function app.assert_language(text) to service_role;
