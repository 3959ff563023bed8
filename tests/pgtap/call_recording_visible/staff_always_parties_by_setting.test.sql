-- call_recording_visible: monitors and admins always see a call's recording; its client and
-- reader only while calls.recordings_visible_to_parties is true; other users never. Owning the
-- row (the reader) gives no right of its own.
begin;
select plan(8);

select tests.create_client_who_may_order('alice');
select tests.create_client_who_may_order('bob');
select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_booked_call('alice', 'rita', now(), 30) as o1 \gset
insert into app.media_assets (
    owner_id, purpose, order_id, kind, bucket, path, mime_type, details
)
values (
    tests.get_user_id('rita'), 'call_recording', :'o1', 'audio', 'call-recordings',
    :'o1' || '/RE' || repeat('a', 32), 'audio/wav',
    jsonb_build_object('recording_sid', 'RE' || repeat('a', 32))
)
returning id as m1 \gset

select tests.authenticate_as('mona');
select isnt_empty(
    format($$ select 1 from app.media_assets where id = %L $$, :'m1'),
    'a monitor sees the recording'
);
select tests.authenticate_as('adam');
select isnt_empty(
    format($$ select 1 from app.media_assets where id = %L $$, :'m1'),
    'an admin sees the recording'
);
select tests.authenticate_as('rita');
select is_empty(
    format($$ select 1 from app.media_assets where id = %L $$, :'m1'),
    'the reader, its owner, does not while the setting says no'
);
select tests.authenticate_as('alice');
select is_empty(
    format($$ select 1 from app.media_assets where id = %L $$, :'m1'),
    'the client does not while the setting says no'
);

reset role;
update app.app_settings set value = 'true' where key = 'calls.recordings_visible_to_parties';
select tests.authenticate_as('rita');
select isnt_empty(
    format($$ select 1 from app.media_assets where id = %L $$, :'m1'),
    'the reader does once the setting allows'
);
select tests.authenticate_as('alice');
select isnt_empty(
    format($$ select 1 from app.media_assets where id = %L $$, :'m1'),
    'the client does once the setting allows'
);
select tests.authenticate_as('bob');
select is_empty(
    format($$ select 1 from app.media_assets where id = %L $$, :'m1'),
    'another client never does'
);

reset role;
update app.profiles set is_blocked = true where id = tests.get_user_id('mona');
select tests.authenticate_as('mona');
select is_empty(
    format($$ select 1 from app.media_assets where id = %L $$, :'m1'),
    'a blocked monitor does not'
);

select * from finish();
rollback;
