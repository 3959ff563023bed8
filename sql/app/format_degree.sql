-- format_degree: an angle in degrees as degrees and whole arcminutes, e.g. 10.5 -> 10°30′,
-- for the texts of the astro draft (the same in Arabic and English).
create or replace function app.format_degree(p_degrees double precision) returns text
language sql
immutable
security invoker
set search_path = ''
as $$
    select pg_catalog.format(
        '%s°%s′',
        m.minutes / 60,
        pg_catalog.lpad((m.minutes % 60)::text, 2, '0')
    )
    from (select pg_catalog.floor(p_degrees * 60)::integer as minutes) as m
$$;

comment on function app.format_degree(double precision) is
'Degrees as text in degrees and arcminutes (10.5 -> 10°30′).';

revoke execute on function app.format_degree(double precision) from public, anon;

grant execute on function app.format_degree(double precision) to authenticated, service_role;
