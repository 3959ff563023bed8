-- requires: sql/app/call_natural_end_reason.sql
-- calls_enforce_progress: the call state machine's guard, for every writer (webhooks, jobs,
-- monitors, postgres). A call's state only climbs the ranks of app.call_states; once it has
-- ended, its end time and an explicit end reason (dropped, time_limit, stuck, failed,
-- party_blocked) are
-- fixed (VCBCK otherwise). A natural end reason (completed or a no-show) always follows the
-- join times, so a join callback that arrives after the end callback still lands right. The
-- duration is the conference's, from its start to its end.
create or replace function app.calls_enforce_progress() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_old_rank smallint;
    v_new_rank smallint;
begin
    if tg_op = 'UPDATE' then
        select s.rank into v_old_rank from app.call_states as s where s.state = old.state;
        select s.rank into v_new_rank from app.call_states as s where s.state = new.state;
        if
            v_new_rank < v_old_rank
            or (old.ended_at is not null and new.ended_at is distinct from old.ended_at)
            or (
                old.end_reason in ('dropped', 'time_limit', 'stuck', 'failed', 'party_blocked')
                and new.end_reason is distinct from old.end_reason
            )
        then
            raise exception 'A call moves forward only (% to %)', old.state, new.state
                using
                    errcode = 'VCBCK',
                    detail = pg_catalog.jsonb_build_object(
                        'state', old.state, 'end_reason', old.end_reason
                    )::text,
                    hint = 'A call that has ended stays ended, with the reason it ended for.';
        end if;
    end if;
    if new.end_reason in ('completed', 'no_show_reader', 'no_show_client', 'no_show_both') then
        new.end_reason := app.call_natural_end_reason(new.reader_joined_at, new.client_joined_at);
    end if;
    new.duration_seconds := case
        when new.started_at is not null and new.ended_at is not null
            then greatest(0, extract(epoch from new.ended_at - new.started_at))::integer
    end;
    return new;
end;
$$;

comment on function app.calls_enforce_progress() is
'Trigger: a call''s state never moves back and an ended call keeps its end (VCBCK); derives '
'natural end reasons and the duration.';

revoke execute on function app.calls_enforce_progress()
from public, anon, authenticated, service_role;

create or replace trigger calls_10_enforce_progress
before insert or update on app.calls
for each row execute function app.calls_enforce_progress();
