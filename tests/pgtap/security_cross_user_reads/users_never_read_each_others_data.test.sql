-- A user never reads another user's orders, profile, media, moderation history, audit
-- rows, verification attempts or rate-limit buckets, through RPCs or the tables granted to
-- authenticated; the client's own view of an order carries no internal field.
begin;
select plan(19);

select tests.create_user('alice', 'client');
select tests.create_user('bob', 'client');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');

update app.profiles set phone = '+971500000001', phone_verified = true
where id = tests.get_user_id('alice');
insert into app.media_assets (owner_id, kind, bucket, path, mime_type)
values (tests.get_user_id('alice'), 'image', 'test', 'alice/cup.jpg', 'image/jpeg');
insert into app.phone_verification_attempts (user_id, phone, kind, channel)
values (tests.get_user_id('alice'), '+971500000001', 'start', 'sms');
select tests.create_order_in_state('alice', 'rejected', 'rita', 'test: o1') as o1 \gset
select app.rate_limit_take('orders', tests.get_user_id('alice')::text);
select app.set_profile_block(tests.get_user_id('bob'), true, 'test')
from (select tests.authenticate_as('mona')) as a;
reset role;

select tests.authenticate_as('alice');
select ok(
    not (public.get_order(:'o1') ?| array[
        'reader_note', 'monitor_comment', 'rejection_reason', 'reader_id', 'assigned_by',
        'rejected_by', 'approved_by', 'status_changed_by'
    ]),
    'get_order: the client sees no internal field'
);
select is(public.get_order(:'o1') ->> 'output_text', null, 'get_order: no unapproved result');
select ok(
    not ((public.list_orders() -> 'orders' -> 0) ?| array[
        'reader_note', 'monitor_comment', 'rejection_reason', 'reader_id'
    ]),
    'list_orders: the client sees no internal field'
);
select is(
    public.list_orders() -> 'orders' -> 0 ->> 'output_text', null,
    'list_orders: no unapproved result'
);
select is_empty($$ select 1 from app.audit_log $$, 'a client reads no audit rows');
select is_empty($$ select 1 from app.moderation_actions $$, 'a client reads no moderation rows');
select is_empty($$ select 1 from app.rate_limit_buckets $$, 'a client reads no buckets');
select is_empty($$ select 1 from app.app_settings $$, 'a client reads no settings');

select tests.authenticate_as('bob');
select throws_ok(
    format($$ select public.get_order(%L) $$, :'o1'),
    'ORDNF', null, 'another client cannot read the order'
);
select is(
    jsonb_array_length(public.list_orders() -> 'orders'), 0,
    'another client lists none of it'
);
select results_eq(
    $$ select p.id from app.profiles as p $$,
    format($$ values (%L::uuid) $$, tests.get_user_id('bob')),
    'a client reads only their own profile'
);
select is_empty($$ select 1 from app.media_assets $$, 'nor another user''s media');
select is_empty(
    $$ select 1 from app.phone_verification_attempts $$,
    'nor another user''s verification attempts'
);
select is(
    (select count(*)::integer from public.get_my_profile()), 1,
    'get_my_profile returns one row: the caller''s'
);
select is(
    (select g.id from public.get_my_profile() as g), tests.get_user_id('bob'),
    'and it is the caller''s own'
);

select tests.authenticate_as('rita');
select is_empty(
    format($$ select 1 from app.profiles as p where p.id = %L $$, tests.get_user_id('alice')),
    'the assigned reader cannot read the client''s profile'
);
select is_empty($$ select 1 from app.moderation_actions $$, 'a reader reads no moderation rows');

select tests.authenticate_as('rob');
select throws_ok(
    format($$ select public.get_order(%L) $$, :'o1'),
    'ORDNF', null, 'a reader cannot read another reader''s assignment'
);

select tests.authenticate_as('mona');
select is_empty($$ select 1 from app.audit_log $$, 'a monitor reads no audit rows');

select * from finish();
rollback;
