-- No role acts above itself through the public RPCs or the definer helpers that
-- authenticated may execute (a reader assigning, a monitor unblocking or blocking an admin, a
-- client approving, users spending service-only helpers).
begin;
select plan(41);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('cleo', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('moe', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');

select tests.create_order_in_state('alice', 'new', null, 'test: o1') as o1 \gset
select tests.create_order_in_state('alice', 'awaiting_approval', 'rita', 'test: o2') as o2 \gset
select tests.create_order_in_state('alice', 'assigned', 'rita', 'test: o3', 'astro') as o3 \gset
select tests.attach_astro_chart(:'o3');
update app.profiles set is_blocked = true where id = tests.get_user_id('bob');
insert into app.media_assets (owner_id, kind, bucket, path, mime_type)
values (tests.get_user_id('mona'), 'audio', 'horoscope-audio', 'test/aries.m4a', 'audio/mp4')
returning id as h_media \gset
select tests.authenticate_as('mona');
select (app.record_horoscope_audio(
    'ingest', 'aries', '2026-12-01', 'https://www.tiktok.com/@a/video/1', :'h_media', 60000
) #>> '{horoscope,id}') as h1 \gset

select tests.authenticate_as('rita');
select throws_ok(
    format($$ select public.approve_horoscope(%L) $$, :'h1'),
    '42501', null, 'a reader cannot approve a horoscope'
);
select throws_ok(
    format($$ select public.assign_order(%L, %L) $$, :'o1', tests.get_user_id('rita')),
    '42501', null, 'a reader cannot assign orders (not even to themselves)'
);
select throws_ok(
    format($$ select public.approve_order(%L) $$, :'o2'),
    '42501', null, 'a reader cannot approve their own result'
);
select throws_ok(
    format($$ update app.orders set status = 'approved' where id = %L $$, :'o2'),
    'ORDTR', null, 'a reader cannot approve their own result by a direct update'
);
select throws_ok(
    format($$ select public.cancel_order(%L, 'test') $$, :'o2'),
    '42501', null, 'a reader cannot cancel orders'
);

select throws_ok(
    $$ select tests.create_astro_order('1990-05-01', null, 24.7, 46.7, 'Riyadh', 'Asia/Riyadh',
       tests.sample_astro_chart(false)) $$,
    '42501', null, 'a reader cannot order an astro reading'
);

select tests.authenticate_as('rob');
select throws_ok(
    format($$ select public.submit_order_result(%L, 'stolen') $$, :'o2'),
    'ORDNF', null, 'another reader cannot touch the assignment'
);

select tests.authenticate_as('mona');
select throws_ok(
    format($$ select public.astro_draft(%L) $$, :'o3'),
    '42501', null, 'a monitor cannot take the reader''s astro draft'
);
select throws_ok(
    format($$ select public.assign_order(%L, %L) $$, :'o1', tests.get_user_id('rita')),
    '42501', null, 'a monitor cannot assign orders'
);
select throws_ok(
    format($$ select public.unblock_profile(%L, 'test') $$, tests.get_user_id('bob')),
    '42501', null, 'a monitor cannot unblock'
);
select throws_ok(
    format($$ select app.set_profile_block(%L, false, 'test') $$, tests.get_user_id('bob')),
    '42501', null, 'a monitor cannot unblock through the definer helper either'
);
select throws_ok(
    format($$ select public.block_profile(%L, 'test') $$, tests.get_user_id('adam')),
    '42501', null, 'a monitor cannot block an admin'
);
select throws_ok(
    format($$ select public.block_profile(%L, 'test') $$, tests.get_user_id('moe')),
    '42501', null, 'a monitor cannot block another monitor'
);
select throws_ok(
    format($$ select public.cancel_order(%L, 'test') $$, :'o1'),
    '42501', null, 'a monitor cannot cancel orders'
);
select throws_ok(
    $$ select * from public.set_rate_limit('orders', 1000, 60) $$,
    '42501', null, 'a monitor cannot change rate limits'
);
select throws_ok(
    $$ select app.write_rate_limit_setting('orders', 1000, 60) $$,
    '42501', null, 'a monitor cannot change rate limits through the definer helper'
);

select throws_ok(
    $$ select public.list_horoscope_archive() $$,
    '42501', null, 'a monitor cannot read the admin archive of horoscopes'
);
select throws_ok(
    format($$ select app.assist_draft_begin(%L) $$, :'o3'),
    '42501', null, 'a monitor cannot have an AI assist draft written (the reader''s tool)'
);
select throws_ok(
    $$ select public.assist_draft_report() $$,
    '42501', null, 'a monitor cannot run the admins'' assist report'
);

select tests.authenticate_as('adam');
select throws_ok(
    format($$ select public.block_profile(%L, 'test') $$, tests.get_user_id('sara')),
    '42501', null, 'an admin cannot block a superadmin'
);
select throws_ok(
    format($$ select public.assign_order(%L, %L) $$, :'o1', tests.get_user_id('alice')),
    'ORDRD', null, 'an admin cannot assign an order to a client'
);

select tests.authenticate_as('alice');
select throws_ok(
    format($$ select public.approve_order(%L) $$, :'o2'),
    '42501', null, 'a client cannot approve'
);
select throws_ok(
    format($$ select public.reject_order(%L, 'test') $$, :'o2'),
    '42501', null, 'a client cannot reject'
);
select throws_ok(
    format($$ select public.reject_horoscope(%L, 'test') $$, :'h1'),
    '42501', null, 'a client cannot reject a horoscope'
);
select throws_ok(
    format($$ select app.record_horoscope_audio('fail', 'aries', '2026-12-01', null, null,
        null, 'ZHDWN', 'test') $$),
    '42501', null, 'a client cannot write a horoscope through the ingest helper'
);
select throws_ok(
    format($$ update app.orders set status = 'approved' where id = %L $$, :'o2'),
    'ORDTR', null, 'a client cannot approve by a direct update'
);
select throws_ok(
    format($$ select app.set_profile_block(%L, true, 'test') $$, tests.get_user_id('rita')),
    '42501', null, 'a client cannot block through the definer helper'
);
select throws_ok(
    format($$ select app.mark_phone_verified(auth.uid(), '+971500000099') $$),
    '42501', null, 'a user cannot mark a phone verified'
);
select throws_ok(
    $$ select app.run_job('purge_old') $$,
    '42501', null, 'a user cannot run jobs'
);
select throws_ok(
    $$ select * from public.list_blocks() $$,
    '42501', null, 'a client cannot list blocks'
);
select throws_ok(
    $$ select * from public.list_rate_limits() $$,
    '42501', null, 'a client cannot read rate limits'
);
select throws_ok(
    $$ select app.record_service_error('storage', 'MEDST', 'test') $$,
    '42501', null, 'a user cannot write the outside services'' health'
);
select throws_ok(
    format($$ select public.list_assist_drafts(%L) $$, :'o3'),
    '42501', null, 'a client cannot list the drafts of their own order'
);
select throws_ok(
    format($$ select app.assist_draft_begin(%L) $$, :'o3'),
    '42501', null, 'a client cannot have a draft written for their own order'
);
select throws_ok(
    $$ select public.assist_search('tower', null, null, null, 5) $$,
    '42501', null, 'a client cannot search the AI-assist knowledge base'
);

select tests.authenticate_as('mona');
select throws_ok(
    $$ select public.ops_snapshot() $$,
    '42501', null, 'a monitor cannot read the ops snapshot'
);
select throws_ok(
    $$ select app.export_begin(array['orders'], now() - interval '1 day', now()) $$,
    '42501', null, 'a monitor cannot export'
);
select tests.authenticate_as('adam');
select throws_ok(
    $$ select app.export_begin(array['orders'], now() - interval '1 day', now(), true, 'test') $$,
    '42501', null, 'an admin cannot export raw personal data'
);

select tests.authenticate_as('rita');
select throws_ok(
    $$
        select public.assist_knowledge_add(
            't', 'en', 's', 'l', 'reader text', 'm', '[{"text": "t"}]'
        )
    $$,
    '42501', null, 'a reader cannot add to the knowledge base'
);

select tests.authenticate_as('mona');
select throws_ok(
    $$
        select public.assist_knowledge_add(
            't', 'en', 's', 'l', 'monitor text', 'm', '[{"text": "t"}]'
        )
    $$,
    '42501', null, 'a monitor cannot add to the knowledge base'
);

-- cleo, not the blocked bob: a blocked caller gets USRBL before the order is looked up
select tests.authenticate_as('cleo');
select throws_ok(
    format($$ select public.cancel_order(%L, 'test') $$, :'o1'),
    'ORDNF', null, 'a client cannot cancel another client''s order'
);

select * from finish();
rollback;
