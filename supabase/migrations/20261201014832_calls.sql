-- Live calls through Twilio (shape only; rules in sql/app, sql/rpc, sql/policies). One call per
-- booked call (app.call_bookings): the reader's and the client's legs meet in a conference
-- named after the booking's order, never after a person. Twilio's status callbacks are stored
-- once each (app.call_events, deduplicated on provider id + event + sequence number) and move
-- the call forward only (app.call_states ranks the states). Monitors' listen, whisper, barge
-- and drop are rows of app.call_monitor_actions. See docs/calls.md.

-- The states of a call, ranked: a callback may move a call to a higher rank only, so a repeated
-- or late callback never moves it back. `ended` is the only terminal state; why it ended is
-- app.calls.end_reason.
create table app.call_states (
    state text primary key,
    rank smallint not null unique,
    is_terminal boolean not null,
    description text not null
);

comment on table app.call_states is
'States of a live call ranked by progress: dialing < waiting < in_progress < ended.';
alter table app.call_states enable row level security;
revoke all on table app.call_states from anon, authenticated, service_role;

insert into app.call_states (state, rank, is_terminal, description)
values
('dialing', 10, false, 'Both legs are being dialled; nobody is in the conference yet.'),
('waiting', 20, false, 'One party is in the conference, waiting for the other.'),
('in_progress', 30, false, 'The conference has started: reader and client are talking.'),
('ended', 100, true, 'The call is over; end_reason says why.');

create table app.calls (
    id uuid primary key default gen_random_uuid(),
    order_id uuid not null unique references app.call_bookings (order_id) on delete cascade,
    -- 'bk_' || order_id: no name, number or e-mail reaches Twilio's conference list
    conference_name text not null unique check (conference_name ~ '^bk_[0-9a-f-]{36}$'),
    conference_sid text unique check (conference_sid ~ '^CF[0-9a-f]{32}$'),
    reader_call_sid text unique check (reader_call_sid ~ '^CA[0-9a-f]{32}$'),
    client_call_sid text unique check (client_call_sid ~ '^CA[0-9a-f]{32}$'),
    state text not null default 'dialing' references app.call_states (state) on delete restrict,
    time_limit_seconds integer not null check (time_limit_seconds > 0),
    initiated_by uuid,
    initiated_at timestamptz not null default now(),
    reader_joined_at timestamptz,
    reader_left_at timestamptz,
    client_joined_at timestamptz,
    client_left_at timestamptz,
    started_at timestamptz,
    ended_at timestamptz,
    duration_seconds integer check (duration_seconds >= 0),
    end_reason text check (end_reason in (
        'completed', 'dropped', 'time_limit', 'stuck', 'no_show_reader', 'no_show_client',
        'no_show_both', 'failed'
    )),
    last_event_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint calls_ended_has_reason check ((state = 'ended') = (end_reason is not null))
);

comment on table app.calls is
'A live call of a booking: conference and leg SIDs, who joined and left when, state, duration '
'(conference start to end) and why it ended.';
comment on column app.calls.initiated_by is 'auth.users id of the reader who started the call.';
comment on column app.calls.last_event_at is
'When the last Twilio callback about this call arrived (the stuck-call job reads it).';
alter table app.calls enable row level security;
revoke all on table app.calls from anon, authenticated, service_role;

create index calls_state_idx on app.calls (state) where state <> 'ended';

create trigger calls_touch_updated_at
before update on app.calls
for each row execute function app.touch_updated_at();

create table app.call_events (
    id bigint generated always as identity primary key,
    call_id uuid not null references app.calls (id) on delete cascade,
    source text not null check (source in ('call', 'conference', 'recording')),
    provider_sid text not null check (provider_sid ~ '^(CA|CF|RE)[0-9a-f]{32}$'),
    event text not null check (char_length(event) between 1 and 64),
    sequence_number integer not null default 0 check (sequence_number >= 0),
    occurred_at timestamptz,
    params jsonb not null check (jsonb_typeof(params) = 'object'),
    received_at timestamptz not null default now(),
    constraint call_events_once unique (provider_sid, event, sequence_number)
);

comment on table app.call_events is
'Every Twilio status callback about a call, stored once: a retry or duplicate of the same '
'provider id, event and sequence number is dropped.';
alter table app.call_events enable row level security;
revoke all on table app.call_events from anon, authenticated, service_role;

create index call_events_call_id_idx on app.call_events (call_id, received_at);

create table app.call_monitor_actions (
    id bigint generated always as identity primary key,
    call_id uuid not null references app.calls (id) on delete cascade,
    monitor_id uuid not null references app.profiles (id) on delete restrict,
    action text not null check (action in ('listen', 'whisper', 'barge', 'terminate')),
    participant_call_sid text check (participant_call_sid ~ '^CA[0-9a-f]{32}$'),
    reason text check (char_length(reason) <= 1000),
    occurred_at timestamptz not null default now(),
    constraint call_monitor_actions_terminate_reason check (
        (action = 'terminate') = (reason is not null)
    ),
    constraint call_monitor_actions_leg check (
        (action = 'terminate') = (participant_call_sid is null)
    )
);

comment on table app.call_monitor_actions is
'What monitors did on a live call: listen (their phone joined muted), whisper (coaching the '
'reader), barge (talking to both) and terminate (with the reason).';
alter table app.call_monitor_actions enable row level security;
revoke all on table app.call_monitor_actions from anon, authenticated, service_role;

create index call_monitor_actions_call_id_idx on app.call_monitor_actions (call_id, occurred_at);
create index call_monitor_actions_monitor_id_idx on app.call_monitor_actions (monitor_id);

-- A monitor's drop of a call is a moderation action on the booking's order.
alter table app.moderation_actions drop constraint moderation_actions_action_check;
alter table app.moderation_actions drop constraint moderation_actions_check;
alter table app.moderation_actions add constraint moderation_actions_action_check check (
    action in ('block', 'unblock', 'approve', 'reject', 'drop_call')
);
alter table app.moderation_actions add constraint moderation_actions_target_check check (
    (action in ('block', 'unblock') and target_profile_id is not null and target_order_id is null)
    or (
        action in ('approve', 'reject', 'drop_call')
        and target_order_id is not null
        and target_profile_id is null
    )
);

-- Recordings: a private bucket and a media purpose. The bytes stay at Twilio until fetched;
-- the row records where they are (details.recording_url) and who may listen is decided by
-- app.call_recording_visible.
insert into storage.buckets (id, name, public)
values ('call-recordings', 'call-recordings', false)
on conflict (id) do nothing;

insert into app.media_purposes (code, bucket, kinds, per_order, description)
values (
    'call_recording', 'call-recordings', array['audio'], true,
    'The recording of a live call, made by Twilio once its consent notice has played.'
);

create unique index media_assets_call_recording_sid_idx
on app.media_assets ((details ->> 'recording_sid'))
where purpose = 'call_recording';
