-- default_question: the one rule for the question of an order whose client may leave it out
-- (a booked call, an astro order): the client's question, trimmed, when they gave one;
-- otherwise the service's English name ('Live call', 'Astrology reading'), the platform's
-- fallback language for stored text. Never empty: for a service that does not exist it is
-- 'Order', so that the order's own checks refuse the service (ORDSV), not the question.
-- Invoker: services are readable by every signed-in user.
create or replace function app.default_question(p_service_code text, p_question text)
returns text
language sql
stable
security invoker
set search_path = ''
as $$
    select coalesce(
        nullif(pg_catalog.btrim(p_question), ''),
        (select s.name_en from app.services as s where s.code = p_service_code),
        'Order'
    )
$$;

comment on function app.default_question(text, text) is
'The question of an order: the one given (trimmed), or the service''s English name.';

revoke execute on function app.default_question(text, text) from public, anon, service_role;
grant execute on function app.default_question(text, text) to authenticated;
