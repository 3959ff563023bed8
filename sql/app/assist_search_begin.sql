-- requires: sql/app/assist_require_user.sql
-- requires: sql/app/kb_search_check.sql
-- assist_search_begin: everything a search must pass before it costs anything: the caller may
-- search (app.assist_require_user), the query, language and k are acceptable
-- (app.kb_search_check), and one token of the caller's `search` budget (20 an hour) is spent.
-- public.assist_search starts with it; the assist_search function calls it before it embeds
-- the query, in the same transaction as the search, so neither a refused caller, a bad query
-- nor a caller over their limit makes the function embed anything, and a search that then
-- fails gives its token back with the rollback.
-- Invoker: app.rate_limit_take_own fixes the subject to the caller.
-- Raises USRBL, 42501, ASQRY, ASKOR, BADLG, PT429.
create or replace function app.assist_search_begin(
    p_query text,
    p_language text,
    p_k integer
) returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    perform app.assist_require_user();
    perform app.kb_search_check(p_query, p_language, p_k);
    perform app.rate_limit_take_own('search');
end;
$$;

comment on function app.assist_search_begin(text, text, integer) is
'Admits a knowledge-base search: caller, input, one token of the search budget. '
'Errors: USRBL, 42501, ASQRY, ASKOR, BADLG, PT429.';

revoke execute on function app.assist_search_begin(text, text, integer) from public, anon;
grant execute on function app.assist_search_begin(text, text, integer) to authenticated;
