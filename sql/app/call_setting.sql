-- requires: sql/app/setting_whole_number.sql

-- call_setting: one number of the call booking policy, from app_settings (`calls.<name>`), with
-- the launch default when the setting is missing or not a whole number
-- (app.setting_whole_number):
-- booking_lead_minutes (60): a call starts at least this long after it is booked or moved;
-- change_cutoff_minutes (120): a client cancels or reschedules only until this long before
-- the start; max_reschedules (2): how often a client may move one call; booking_horizon_days
-- (90): a call ends at most this long after it is booked or moved; max_upcoming_calls (5): how
-- many calls that have not ended a client may hold at once; and of live calls:
-- initiate_window_minutes (10): how long before and after the start the reader may start it;
-- grace_minutes (5): how long a call may run past its length; no_show_minutes (10): after the
-- start, when a party who never joined is a no-show; silent_minutes (5): after dialling, when a
-- call without a single Twilio callback is stuck.

-- Definer because clients cannot read app.app_settings; returns one number.
create or replace function app.call_setting(p_name text) returns integer
language sql
stable
security definer
set search_path = ''
as $$
    select app.setting_whole_number(
        'calls.' || p_name,
        case p_name
            when 'booking_lead_minutes' then 60
            when 'change_cutoff_minutes' then 120
            when 'max_reschedules' then 2
            when 'booking_horizon_days' then 90
            when 'max_upcoming_calls' then 5
            when 'initiate_window_minutes' then 10
            when 'grace_minutes' then 5
            when 'no_show_minutes' then 10
            when 'silent_minutes' then 5
        end
    )
$$;

comment on function app.call_setting(text) is
'A number of the call booking policy: calls.booking_lead_minutes, calls.change_cutoff_minutes, '
'calls.max_reschedules, calls.booking_horizon_days, calls.max_upcoming_calls (launch defaults '
'60, 120, 2, 90, 5), and of live calls: calls.initiate_window_minutes, calls.grace_minutes, '
'calls.no_show_minutes, calls.silent_minutes (10, 5, 10, 5).';

revoke execute on function app.call_setting(text) from public, anon;

grant execute on function app.call_setting(text) to authenticated, service_role;
