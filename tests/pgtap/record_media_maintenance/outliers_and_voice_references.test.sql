-- record_media_maintenance: records each check, flags published audio more than the tolerance
-- (3 LU) from the target (-16 LUFS) as an outlier, exactly at the tolerance not, and rebuilds a
-- reader's voice reference from their measured approved or delivered recordings only.
begin;
select plan(6);

select tests.create_user('alice', 'client');
select tests.create_user('rita', 'reader');
create temporary table t_media (n integer, media_id uuid) on commit drop;
insert into t_media
select
    g.n,
    gen_random_uuid() as media_id
from generate_series(1, 4) as g (n);
insert into app.media_assets (id, owner_id, kind, bucket, path, mime_type, purpose)
select
    m.media_id,
    tests.get_user_id('rita') as owner_id,
    'audio' as kind,
    'order-results' as bucket,
    'x/' || m.n as path,
    'audio/mp4' as mime_type,
    'order_result' as purpose
from t_media as m;
-- recordings 1-3 answer delivered or approved orders; 4 an order still in progress
select tests.create_order_in_state('alice', 'delivered', 'rita') as o1 \gset
select tests.create_order_in_state('alice', 'delivered', 'rita') as o2 \gset
select tests.create_order_in_state('alice', 'approved', 'rita') as o3 \gset
select tests.create_order_in_state('alice', 'in_progress', 'rita') as o4 \gset
insert into app.order_results (order_id, output_media_id)
select o.id, m.media_id
from t_media as m
inner join (
    values (1, :'o1'::uuid), (2, :'o2'::uuid), (3, :'o3'::uuid), (4, :'o4'::uuid)
) as o (n, id) on m.n = o.n
on conflict (order_id) do update set output_media_id = excluded.output_media_id;

select app.record_media_maintenance(
    (
        select
            jsonb_agg(jsonb_build_object(
                'media_id', m.media_id, 'outcome', 'ok',
                'integrated_lufs', (array[-19, -19.01, -13, -30])[m.n]
            ))
        from t_media as m
    )
) as summary \gset

select results_eq(
    $$ select m.n, c.loudness_outlier from app.media_checks as c
       inner join t_media as m on c.media_id = m.media_id order by m.n $$,
    $$ values (1, false), (2, true), (3, false), (4, true) $$,
    'exactly 3 LU from the target is no outlier, a hundredth more is'
);
select is(
    (:'summary'::jsonb -> 'loudness_outliers') @> (
        select jsonb_agg(m.media_id) from t_media as m where m.n in (2, 4)
    ),
    true,
    'the outliers are reported'
);
select results_eq(
    $$ select recordings, mean_lufs, min_lufs, max_lufs from app.reader_voice_references
       where reader_id = tests.get_user_id('rita') $$,
    $$ values (3, -17.00::numeric, -19.01::numeric, -13.00::numeric) $$,
    'the reader''s reference covers the three published recordings, not the unpublished one'
);
select ok(
    not exists (
        select 1 from app.reader_voice_references as v, t_media as m
        where m.n = 4 and m.media_id = any(v.media_ids)
    ),
    'the recording of an order in progress is not in it'
);

select app.record_media_maintenance(
    (
        select jsonb_agg(jsonb_build_object('media_id', m.media_id, 'outcome', 'missing'))
        from t_media as m where m.n = 1
    )
);
select results_eq(
    $$ select recordings from app.reader_voice_references
       where reader_id = tests.get_user_id('rita') $$,
    $$ values (2) $$,
    'a recording whose file is missing leaves the reference at the next rebuild'
);
select is(
    (
        select c.outcome from app.media_checks as c inner join t_media as m using (media_id)
        where m.n = 1
    ),
    'missing', 'the missing file is recorded'
);

select * from finish();
rollback;
