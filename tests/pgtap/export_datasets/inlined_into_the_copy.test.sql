-- The export reads the tables straight: each dataset is a view, so the COPY's query scans the
-- dataset's own table, with no function scan (and so no stored intermediate result) but the
-- one row of app.export_of. The orders come in index order with no sort, and each client is
-- looked up, and masked, through a Memoize node, once per person rather than once per order.
-- (The plan depends on the table's statistics: 2,000 orders of two clients, analysed, give the
-- shape the bench's million rows get; bench/export.py shows that plan's speed.)
begin;
select plan(8);

-- the plan of a query, as the acting role sees it
create function pg_temp.plan_of(p_query text) returns text
language plpgsql
as $$
declare
    v_line text;
    v_plan text := '';
begin
    for v_line in execute 'explain (verbose, costs off) ' || p_query loop
        v_plan := v_plan || v_line || E'\n';
    end loop;
    return v_plan;
end;
$$;

select tests.create_user('adam', 'admin');
select tests.create_client_who_may_order('carla');
select tests.create_client_who_may_order('cleo');
insert into app.orders (client_id, service_code, question, created_at)
select
    tests.get_user_id(case when i % 2 = 0 then 'carla' else 'cleo' end) as client_id,
    'tarot' as service_code,
    'test: a question' as question,
    now() - i * interval '1 second' as created_at
from generate_series(1, 2000) as i;
analyze app.orders;

select tests.authenticate_as('adam');
select set_config(
    'app.export_id',
    (app.export_begin(array['orders'], now() - interval '1 day', now())).id::text,
    true
);

select
    doesnt_match(
        pg_temp.plan_of('select * from app.export_' || d.code),
        'Function Scan on (?!app\.export_of )',
        d.code || ': no function scan but the export''s one row, so no intermediate result'
    )
from app.export_datasets as d
order by d.code;

select doesnt_match(
    pg_temp.plan_of('select * from app.export_orders'),
    '(^|\n)\s*(->\s+)?(Incremental )?Sort',
    'orders: no sort'
);
select matches(
    pg_temp.plan_of('select * from app.export_orders'),
    'Index Scan( Backward)? using orders_created_at_id_idx on app\.orders',
    'orders: read straight from the table, in created_at, id order from its index'
);
select matches(
    pg_temp.plan_of('select * from app.export_orders'),
    'Memoize\s+Output:[^\n]*app\.mask_email\(p\.email\)[^\n]*\n\s+Cache Key: o\.client_id',
    'orders: each client masked under a Memoize node keyed by the client, once per person'
);
select * from finish();
rollback;
