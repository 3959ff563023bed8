-- set_my_availability and set_my_availability_exceptions are audited: a replacement that
-- changes the list writes one row on the reader's profile with the whole list before and
-- after; saving the same list again, or a refused list, writes nothing.
begin;
select plan(8);

select tests.create_user('rita', 'reader');
select tests.create_user('mona', 'monitor');
select tests.freeze_time('2026-04-01 08:00Z');


select tests.authenticate_as('rita');
select set_config('request.headers', '{"x-request-id": "req-avail-1"}', true);
select public.set_my_availability(
    '[{"weekday": 3, "starts_at": "10:00", "ends_at": "16:00"},
      {"weekday": 1, "starts_at": "08:00", "ends_at": "10:00"}]',
    'UTC'
) is not null as ignored \gset
select set_config('request.headers', '', true);
reset role;
select results_eq(
    $$
        select a.event, a.entity_type, a.entity_id, a.actor_role, a.request_id, a.old_data,
            a.new_data
        from app.audit_log as a where a.event like 'availability.%'
    $$,
    format(
        $$ values ('availability.windows_changed', 'profile', %L, 'reader', 'req-avail-1',
            '{"windows": []}'::jsonb, %L::jsonb) $$,
        tests.get_user_id('rita'),
        '{"windows": [
            {"weekday": 1, "starts_at": "08:00:00", "ends_at": "10:00:00", "time_zone": "UTC"},
            {"weekday": 3, "starts_at": "10:00:00", "ends_at": "16:00:00", "time_zone": "UTC"}]}'
    ),
    'new windows are audited on the reader''s profile, the lists sorted, with the request id'
);

select tests.authenticate_as('rita');
select public.set_my_availability(
    '[{"weekday": 1, "starts_at": "08:00", "ends_at": "10:00"},
      {"weekday": 3, "starts_at": "10:00", "ends_at": "16:00"}]',
    'UTC'
) is not null as ignored \gset
reset role;
select is(
    (select count(*)::integer from app.audit_log as a where a.event like 'availability.%'), 1,
    'saving the same windows again logs nothing'
);

select tests.authenticate_as('rita');
select public.set_my_availability('[]', 'UTC') is not null as ignored \gset
reset role;
select is(
    (
        select a.old_data -> 'windows' -> 1 ->> 'weekday' || ' -> ' || (a.new_data ->> 'windows')
        from app.audit_log as a where a.event = 'availability.windows_changed'
        order by a.id desc limit 1
    ),
    '3 -> []', 'clearing the windows is audited with what was there'
);

select tests.authenticate_as('rita');
select public.set_my_availability_exceptions(
    '[{"on_date": "2026-04-10"}]', 'Asia/Dubai'
) is not null as ignored \gset
reset role;
select results_eq(
    $$
        select a.old_data, a.new_data from app.audit_log as a
        where a.event = 'availability.exceptions_changed'
    $$,
    $$
        values (
            '{"exceptions": []}'::jsonb,
            '{"exceptions": [{"on_date": "2026-04-10", "starts_at": "00:00:00",
                "ends_at": "24:00:00", "is_available": false, "time_zone": "Asia/Dubai"}]}'::jsonb
        )
    $$,
    'a day off is audited as a change of the exceptions'
);

select tests.authenticate_as('rita');
select throws_ok(
    $$ select public.set_my_availability('[{"weekday": 9}]', 'UTC') $$,
    'CLWIN', null, 'a bad list is refused'
);
select throws_ok(
    $$ select public.set_my_availability_exceptions('[{"on_date": "2026-04-11"}]', 'Mars/Olympus') $$,
    'BADTZ', null, 'an unknown zone is refused'
);
select tests.authenticate_as('mona');
select throws_ok(
    $$ select public.set_my_availability('[]', 'UTC') $$,
    '42501', null, 'a monitor has no availability to change'
);
reset role;
select is(
    (select count(*)::integer from app.audit_log as a where a.event like 'availability.%'), 3,
    'refused changes log nothing'
);

select * from finish();
rollback;
