-- Call recordings are copied from Twilio into the private call-recordings bucket (the row
-- says whether its copy is pending in details.stored_at), and a monitor's listening leg
-- records when it left the conference, so that a monitor who left may listen again.

alter table app.call_monitor_actions add column left_at timestamptz;

comment on column app.call_monitor_actions.left_at is
'For a listen: when the monitor''s leg left the conference (Twilio''s leave or end callback).';

-- One live listening leg per monitor and call.
create unique index call_monitor_actions_one_live_listen_idx
on app.call_monitor_actions (call_id, monitor_id)
where action = 'listen' and left_at is null;

create index media_assets_call_recording_pending_idx
on app.media_assets (created_at)
where purpose = 'call_recording' and details ->> 'stored_at' = 'twilio';

insert into app.app_settings (key, value, description)
values (
    'calls.delete_recordings_at_twilio', 'false',
    'Delete a call recording at Twilio once its copy in Storage is recorded.'
)
on conflict (key) do nothing;
