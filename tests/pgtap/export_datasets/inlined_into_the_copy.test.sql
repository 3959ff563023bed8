-- The export reads the tables straight: the planner inlines each dataset function into the
-- COPY's query and each masking rule into the expression that calls it, so no intermediate
-- result is built and no function is called per row. (The plan the orders dataset gets at a
-- million rows, with no sort and each person masked once, is in docs/ops.md; it depends on the
-- table's size, so bench/export.py shows it rather than this test.)
begin;
select plan(6);

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
select tests.authenticate_as('adam');
select (app.export_begin(array['orders'], now() - interval '1 day', now())).id as export_id \gset

select
    unalike(
        pg_temp.plan_of(format('select * from app.export_%s(%L)', d.code, :'export_id')),
        '%Function Scan on app.export\_' || d.code || '%',
        d.code || ': the dataset function is inlined into the query'
    )
from app.export_datasets as d
order by d.code;

select unalike(
    pg_temp.plan_of(
        'select app.mask_email(p.email), app.mask_phone(p.phone),'
        ' app.export_name(false, p.first_name, p.last_name) from app.profiles as p'
    ),
    '%app.mask\_%',
    'the masking rules are inlined: no call of app.mask_* is left in the plan'
);
select * from finish();
rollback;
