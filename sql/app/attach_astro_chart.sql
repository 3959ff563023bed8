-- requires: sql/app/astro_chart_json.sql

-- attach_astro_chart: the platform's half of an astro order. The create_astro_order function
-- computes the chart itself and stores it here as service_role, inside the client's own
-- transaction (claims keep the client's sub), right after app.begin_astro_order. Only the
-- service role may call it, so no client can store a chart of their own making. The order must
-- be the calling client's new astro order without a chart yet (else ORDNF). The birth is
-- checked by the order_astro trigger (app.order_astro_validate: ASTDT, ASTFU); the chart's
-- form by the table's check (23514). Returns the chart as readers see it.
create or replace function app.attach_astro_chart(
    p_order_id uuid,
    p_birth_date date,
    p_birth_time time,
    p_latitude double precision,
    p_longitude double precision,
    p_place_label text,
    p_time_zone text,
    p_chart jsonb
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_astro app.order_astro;
begin
    insert into app.order_astro as a (
        order_id, birth_date, birth_time, latitude, longitude, place_label, time_zone, chart
    )
    select
        o.id, p_birth_date, p_birth_time, p_latitude, p_longitude, p_place_label, p_time_zone,
        p_chart
    from app.orders as o
    where
        o.id = p_order_id
        and o.client_id = auth.uid()
        and o.service_code = 'astro'
        and o.status = 'new'
        and not exists (select 1 from app.order_astro as x where x.order_id = o.id)
    returning a.* into v_astro;
    if v_astro.order_id is null then
        raise exception 'No new astro order of the caller without a chart'
            using
                errcode = 'ORDNF',
                detail = pg_catalog.jsonb_build_object('order', p_order_id)::text;
    end if;
    return app.astro_chart_json(v_astro);
end;
$$;

comment on function app.attach_astro_chart(
    uuid, date, time, double precision, double precision, text, text, jsonb
) is
'The platform step of an astro order: stores the computed birth data and chart on the '
'caller''s new astro order. Service role only. Errors: ORDNF, ASTDT, ASTFU, 23514.';

revoke execute on function app.attach_astro_chart(
    uuid, date, time, double precision, double precision, text, text, jsonb
) from public, anon, authenticated;
grant execute on function app.attach_astro_chart(
    uuid, date, time, double precision, double precision, text, text, jsonb
) to service_role;
