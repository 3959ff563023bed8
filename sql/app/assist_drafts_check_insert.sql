-- requires: sql/app/assist_draft_order.sql
-- requires: sql/app/order_actor.sql

-- assist_drafts_check_insert: a draft row is stored only for whom it may be written. A
-- signed-in caller must be the order's assigned reader while they may work on it
-- (app.assist_draft_order, the rule's one home; an order reassigned or handed in while the
-- draft was being written is refused), and the row is theirs, stamped now. The service role,
-- postgres and jobs name the author themselves.
-- Invoker: it reads the order as the caller. Raises USRBL, 42501, ORDNF, ORDTR.
create or replace function app.assist_drafts_check_insert() returns trigger
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
    if app.order_actor() = 'service' then
        return new;
    end if;
    perform app.assist_draft_order(new.order_id);
    new.author_id := auth.uid();
    new.created_at := pg_catalog.now();
    return new;
end;
$$;

comment on function app.assist_drafts_check_insert() is
'Trigger: a draft is stored only for the order''s assigned reader, as theirs. Errors: USRBL, '
'42501, ORDNF, ORDTR.';

revoke execute on function app.assist_drafts_check_insert()
from public, anon, authenticated, service_role;

create or replace trigger assist_drafts_10_check_insert
before insert on app.assist_drafts
for each row execute function app.assist_drafts_check_insert();
