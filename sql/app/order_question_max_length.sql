-- requires: sql/app/setting_whole_number.sql

-- order_question_max_length: the longest question a client may write.

-- Definer because clients cannot read app.app_settings; returns one number.
create or replace function app.order_question_max_length() returns integer
language sql
stable
security definer
set search_path = ''
as $$
    -- the table's check constraint caps questions at 2000 characters whatever the setting says
    select least(app.setting_whole_number('orders.max_question_length', 2000), 2000)
$$;

comment on function app.order_question_max_length() is
'Longest question a client may write (setting orders.max_question_length, at most 2000).';

revoke execute on function app.order_question_max_length() from public, anon;

grant execute on function app.order_question_max_length() to authenticated;

grant execute on function app.order_question_max_length() to service_role;
