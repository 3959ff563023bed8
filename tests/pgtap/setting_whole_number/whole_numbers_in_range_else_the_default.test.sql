-- app.setting_whole_number, the one home of reading a whole-number setting: a JSON number
-- without a fraction within the bounds counts; anything else is the default. The readers of one
-- number each ask it.
begin;
select plan(11);

insert into app.app_settings (key, value, description) values
('test.whole', '42', 'a'),
('test.fraction', '4.5', 'b'),
('test.text', '"42"', 'c'),
('test.negative', '-3', 'd'),
('test.huge', '1e30', 'e'),
('test.null', 'null', 'f');

select is(app.setting_whole_number('test.whole', 7), 42, 'a whole number counts');
select is(app.setting_whole_number('test.missing', 7), 7, 'a missing setting is the default');
select is(app.setting_whole_number('test.fraction', 7), 7, 'a fraction is the default');
select is(app.setting_whole_number('test.text', 7), 7, 'a string is the default');
select is(app.setting_whole_number('test.null', 7), 7, 'a JSON null is the default');
select is(app.setting_whole_number('test.huge', 7), 7, 'a number beyond an integer is the default');
select is(app.setting_whole_number('test.negative', 7), -3, 'without bounds a negative counts');
select is(app.setting_whole_number('test.negative', 7, 0), 7, 'below the lower bound is the default');
select is(app.setting_whole_number('test.whole', 7, 0, 41), 7, 'above the upper bound is the default');

update app.app_settings set value = '"18"' where key = 'profiles.minimum_age';
select is(app.minimum_age(), 18, 'app.minimum_age reads through it');

select is(
    (
        select pg_catalog.array_agg(p.proname::text order by p.proname)
        from pg_catalog.pg_proc as p
        where
            p.pronamespace = 'app'::regnamespace
            and p.prosrc ~ 'app\.setting_whole_number\('
    ),
    array['call_setting', 'minimum_age', 'order_question_max_length', 'retention_days'],
    'the readers of one number each ask it'
);

select * from finish();
rollback;
