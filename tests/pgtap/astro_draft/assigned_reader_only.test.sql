-- astro_draft: only the reader assigned to an astro order gets the draft of its chart; every
-- other caller is refused by SQLSTATE (42501 for other roles, ORDNF for other readers).
begin;
select plan(11);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_user('rob', 'reader');
select tests.create_user('mona', 'monitor');
select tests.create_user('adam', 'admin');
select tests.create_user('sara', 'superadmin');
select tests.create_user('rex', 'reader');

select tests.create_order_in_state(
    'alice', 'in_progress', 'rita', 'test: my chart', 'astro'
) as order_id \gset
select tests.attach_astro_chart(:'order_id');
select tests.create_order_in_state('alice', 'new', p_service_code => 'astro') as new_id \gset
select tests.attach_astro_chart(:'new_id');
select tests.create_order_in_state('alice', 'assigned', 'rita') as tarot_id \gset
select tests.create_order_in_state('alice', 'assigned', 'rex', 'test: rex', 'astro') as rex_id \gset
select tests.attach_astro_chart(:'rex_id');
update app.profiles set is_blocked = true where id = tests.get_user_id('rex');

create temporary table draft_of (sql text) on commit drop;
grant select on draft_of to anon, authenticated;
insert into draft_of values (format('select public.astro_draft(%L)', :'order_id'));

select tests.authenticate_as('rita');
select is(
    public.astro_draft(:'order_id') #>> '{placements,0,text_en}',
    'Sun in Taurus 10°50′, house 9',
    'the assigned reader gets the draft'
);

select tests.authenticate_as('rob');
select throws_ok(
    (select sql from draft_of), 'ORDNF', null, 'another reader cannot draft the order'
);
select tests.authenticate_as('rita');
select throws_ok(
    format('select public.astro_draft(%L)', :'new_id'), 'ORDNF', null,
    'a reader cannot draft an order assigned to nobody'
);
select throws_ok(
    format('select public.astro_draft(%L)', :'tarot_id'), 'ASTNC', null,
    'an order without a chart has no draft'
);
select tests.authenticate_as('alice');
select throws_ok((select sql from draft_of), '42501', null, 'the client cannot draft it');
select tests.authenticate_as('mona');
select throws_ok((select sql from draft_of), '42501', null, 'a monitor cannot draft it');
select tests.authenticate_as('adam');
select throws_ok((select sql from draft_of), '42501', null, 'an admin cannot draft it');
select tests.authenticate_as('sara');
select throws_ok((select sql from draft_of), '42501', null, 'a superadmin cannot draft it');
select tests.clear_authentication();
select throws_ok((select sql from draft_of), '42501', null, 'anon cannot draft it');

select tests.authenticate_as('rex');
select throws_ok(
    format('select public.astro_draft(%L)', :'rex_id'), 'USRBL', null,
    'a blocked reader cannot draft even the order assigned to them'
);
select tests.authenticate_as('mona');
select is(
    (
        select count(*)::integer from app.orders as o
        where o.id = :'order_id' and o.status = 'in_progress'
    ),
    1,
    'drafting changes nothing on the order'
);

select * from finish();
rollback;
