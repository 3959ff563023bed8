-- Direct INSERT/UPDATE on app.orders as authenticated makes the checks the RPCs make: the
-- orders_10 trigger refuses an incomplete profile (ORDPF), an inactive service (ORDSV), a long
-- question (ORDQL), someone else's media (ORDMD), a blocked caller (USRBL) and a target that is
-- not an active reader (ORDRD). (The rate limit stays with create_order.)
begin;
select plan(8);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('adam', 'admin');
select tests.create_client_who_may_order('cleo');

insert into app.services (code, name_en, name_ar, price_minor, is_active)
values ('test_retired', 'Test retired', 'خدمة متوقفة', 1000, false);
update app.app_settings set value = '20'::jsonb where key = 'orders.max_question_length';

insert into app.media_assets (owner_id, kind, bucket, path, mime_type)
values (tests.get_user_id('bob'), 'audio', 'test', 'bob/private.ogg', 'audio/ogg')
returning id as bob_media \gset

select tests.create_order_in_state('bob', 'assigned', 'rita', 'test: o1') as o1 \gset
select tests.create_order_in_state('bob', 'new', null, 'test: o2 private question') as o2 \gset
select tests.create_order_in_state('bob', 'in_progress', 'rob', 'test: o3') as o3 \gset
-- rita is blocked: start_order/submit_order_result would answer USRBL
update app.profiles set is_blocked = true where id = tests.get_user_id('rita');

-- alice: empty profile, unverified phone; create_order would answer ORDPF
select tests.authenticate_as('alice');
select throws_ok(
    $$
        insert into app.orders (client_id, service_code, question)
        values (auth.uid(), 'tarot', 'direct insert')
    $$,
    'ORDPF', null, 'a client with an incomplete profile cannot insert an order directly'
);

select tests.authenticate_as('cleo');
select throws_ok(
    $$
        insert into app.orders (client_id, service_code, question)
        values (auth.uid(), 'test_retired', 'direct insert')
    $$,
    'ORDSV', null, 'a client cannot insert an order for an inactive service directly'
);
select throws_ok(
    $$
        insert into app.orders (client_id, service_code, question)
        values (auth.uid(), 'tarot', 'a question well over twenty characters')
    $$,
    'ORDQL', null, 'a client cannot insert a question over the limit directly'
);
select throws_ok(
    format(
        $$
            insert into app.orders (client_id, service_code, question, input_media_id)
            values (auth.uid(), 'tarot', 'direct insert', %L)
        $$,
        :'bob_media'
    ),
    'ORDMD', null, 'a client cannot attach someone else''s media to a direct insert'
);

select tests.authenticate_as('rita');
select throws_ok(
    format($$ update app.orders set status = 'in_progress' where id = %L $$, :'o1'),
    'USRBL', null, 'a blocked reader cannot start an order directly'
);

-- submit_order_result would answer ORDMD
select tests.authenticate_as('rob');
select throws_ok(
    format(
        $$ insert into app.order_results (order_id, output_media_id) values (%L, %L) $$,
        :'o3', :'bob_media'
    ),
    'ORDMD', null, 'a reader cannot attach someone else''s media directly'
);

-- assign_order would answer ORDRD
select tests.authenticate_as('adam');
select throws_ok(
    format(
        $$ update app.orders set status = 'assigned', reader_id = %L where id = %L $$,
        tests.get_user_id('alice'), :'o2'
    ),
    'ORDRD', null, 'an admin cannot assign an order to a non-reader directly'
);
select tests.authenticate_as('alice');
select throws_ok(
    format($$ select public.get_order(%L) $$, :'o2'),
    'ORDNF', null, 'so another client never reads bob''s order'
);

select * from finish();
rollback;
