-- requires: sql/app/order_actor.sql
-- requires: sql/app/changed_columns.sql

-- horoscopes_enforce_transition: the one home of the horoscope state machine. Every insert and
-- update of app.horoscopes, by every caller, must make the transition the writer named
-- (app.name_horoscope_transition) along a row of app.horoscope_transitions for the caller's
-- application role (app.order_actor: the service role, postgres and jobs act as `service`):
-- otherwise ZHTRN (detail {"horoscope_id", "sign", "date", "from", "to", "actor",
-- "transition"}), or 42501 when the caller's role makes no moves or the move is another role's.
-- A signed-in caller must not be blocked (USRBL) and may change only the transition's writable
-- columns (42501). The trigger then writes the stamps and resets of the transition, so no writer
-- has to remember them: ingest and regenerate clear the approval, the rejection and the error;
-- fail clears the audio; approve stamps the approver; reject requires a reason
-- (app.require_reason: RSNRQ) and clears the approval. Invoker: app.horoscope_transitions is
-- read under the caller's grants.
create or replace function app.horoscopes_enforce_transition() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_name text := nullif(pg_catalog.current_setting('app.horoscope_transition', true), '');
    v_from text := case when tg_op = 'INSERT' then 'none' else old.status end;
    v_actor text;
    v_transition app.horoscope_transitions;
    v_changed text[];
    v_now timestamptz := pg_catalog.now();
begin
    if current_user = 'anon' then
        raise exception 'Not allowed to change horoscopes'
            using errcode = '42501', hint = 'Sign in.';
    end if;
    v_actor := app.order_actor();
    if v_actor <> 'service' then
        perform app.assert_caller_not_blocked();
    end if;

    select t.* into v_transition
    from app.horoscope_transitions as t
    where
        t.name = v_name
        and t.from_status = v_from
        and t.to_status = new.status
        and t.actor_role = v_actor;
    if not found then
        if
            not exists (select 1 from app.horoscope_transitions as t where t.actor_role = v_actor)
            or exists (
                select 1 from app.horoscope_transitions as t
                where t.name = v_name and t.from_status = v_from and t.to_status = new.status
            )
        then
            raise exception 'Not allowed to % horoscopes as %', v_name, v_actor
                using errcode = '42501', hint = 'Monitors and admins judge and ingest horoscopes.';
        end if;
        raise exception 'Horoscope % of % cannot go from % to % (%)',
            new.sign, new.horoscope_date, v_from, new.status, coalesce(v_name, 'unnamed')
            using
                errcode = 'ZHTRN',
                detail = pg_catalog.jsonb_build_object(
                    'horoscope_id', new.id, 'sign', new.sign, 'date', new.horoscope_date,
                    'from', v_from, 'to', new.status, 'actor', v_actor, 'transition', v_name
                )::text,
                hint = 'Refresh the horoscope: someone may have judged or re-ingested it. '
                'app.horoscope_transitions lists the allowed moves.';
    end if;

    if tg_op = 'UPDATE' and v_actor <> 'service' then
        v_changed := app.changed_columns(
            pg_catalog.to_jsonb(new), pg_catalog.to_jsonb(old),
            array['status', 'updated_at'] || v_transition.writable_columns
        );
        if v_changed is not null then
            raise exception 'These horoscope fields cannot change with %: %',
                v_name, pg_catalog.array_to_string(v_changed, ', ')
                using
                    errcode = '42501',
                    detail = pg_catalog.jsonb_build_object('columns', v_changed)::text,
                    hint = 'Use the RPC or function that names this transition.';
        end if;
    end if;

    if v_transition.name in ('ingest', 'regenerate', 'fail') then
        new.ingested_at := v_now;
        new.ingested_by := auth.uid();
        new.rejection_reason := null;
        new.rejected_at := null;
        new.rejected_by := null;
        new.approved_at := null;
        new.approved_by := null;
        if v_transition.name = 'fail' then
            new.media_id := null;
            new.duration_ms := null;
        else
            new.error_code := null;
            new.error_detail := null;
        end if;
    elsif v_transition.name = 'approve' then
        new.approved_at := v_now;
        new.approved_by := auth.uid();
    elsif v_transition.name = 'reject' then
        new.rejection_reason := app.require_reason(new.rejection_reason);
        new.rejected_at := v_now;
        new.rejected_by := auth.uid();
        new.approved_at := null;
        new.approved_by := null;
    end if;
    return new;
end;
$$;

comment on function app.horoscopes_enforce_transition() is
'Trigger: the horoscope state machine (app.horoscope_transitions, named transitions only) and '
'its stamps. Errors: ZHTRN, 42501, USRBL, RSNRQ.';

revoke execute on function app.horoscopes_enforce_transition()
from public, anon, authenticated, service_role;

create or replace trigger horoscopes_10_enforce_transition
before insert or update on app.horoscopes
for each row execute function app.horoscopes_enforce_transition();
