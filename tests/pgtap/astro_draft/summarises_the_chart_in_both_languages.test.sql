-- astro_draft: the placements (planets, node, and with the time known the ascendant and MC),
-- the five strongest aspects and the elements balance of the stored chart, in Arabic and
-- English, from app.zodiac_signs and app.astro_labels.
begin;
select plan(12);

select tests.create_client_who_may_order('alice');
select tests.create_user('rita', 'reader');
select tests.create_order_in_state('alice', 'assigned', 'rita', 'test: a', 'astro') as known_id \gset
select tests.attach_astro_chart(:'known_id', true);
select tests.create_order_in_state('alice', 'assigned', 'rita', 'test: b', 'astro') as unknown_id \gset
select tests.attach_astro_chart(:'unknown_id', false);

select tests.authenticate_as('rita');
select public.astro_draft(:'known_id') as known \gset
select public.astro_draft(:'unknown_id') as unknown \gset

select is(
    jsonb_array_length(:'known'::jsonb -> 'placements'), 13,
    'with the time known: ten planets, the node, the ascendant and the MC'
);
select is(
    :'known'::jsonb #>> '{placements,0,text_ar}', 'الشمس في الثور 10°50′، البيت 9',
    'each placement has an Arabic sentence'
);
select is(
    (
        select p ->> 'text_en'
        from jsonb_array_elements(:'known'::jsonb -> 'placements') as p
        where p ->> 'body' = 'ascendant'
    ),
    'Ascendant in Virgo 19°25′, house 1',
    'the ascendant is in the first whole-sign house'
);
select is(
    (
        select p ->> 'text_en'
        from jsonb_array_elements(:'known'::jsonb -> 'placements') as p
        where p ->> 'body' = 'mercury'
    ),
    'Mercury in Taurus 14°48′, house 9, retrograde',
    'retrograde planets say so'
);
select is(
    jsonb_array_length(:'known'::jsonb -> 'strongest_aspects'), 5,
    'the five strongest aspects are listed'
);
select is(
    :'known'::jsonb #>> '{strongest_aspects,0,text_en}', 'Mercury trine Neptune (orb 0°18′)',
    'the tightest aspect comes first, in English'
);
select is(
    :'known'::jsonb #>> '{strongest_aspects,0,text_ar}', 'عطارد تثليث نبتون (فارق 0°18′)',
    'and in Arabic'
);
select is(
    (
        select jsonb_object_agg(e ->> 'element', (e ->> 'planets')::integer)
        from jsonb_array_elements(:'known'::jsonb -> 'elements') as e
    ),
    '{"fire": 1, "earth": 5, "air": 0, "water": 4}'::jsonb,
    'the elements balance counts the ten planets by the element of their sign'
);
select is(
    :'known'::jsonb -> 'dominant_elements', '["earth"]'::jsonb,
    'earth dominates'
);
select is(
    jsonb_array_length(:'unknown'::jsonb -> 'placements'), 11,
    'with the time unknown there is no ascendant or MC'
);
select is(
    (
        select p ->> 'text_en'
        from jsonb_array_elements(:'unknown'::jsonb -> 'placements') as p
        where p ->> 'body' = 'moon'
    ),
    'Moon in Leo 6°20′ (approximate)',
    'with the time unknown the Moon is approximate and no placement has a house'
);
select is(
    :'unknown'::jsonb -> 'time_known', 'false'::jsonb,
    'the draft says the time is unknown'
);

select * from finish();
rollback;
