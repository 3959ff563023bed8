-- requires: sql/app/assist_draft_order.sql

-- assist_draft_begin: the first step of the assist_draft function, before any knowledge is
-- retrieved or any model is asked. It checks the caller (app.assist_draft_order: the assigned
-- reader, while they may work on the order), spends one token of their `assist_drafts` budget
-- (10 an hour; the function commits this step first, so an attempt counts even when the model
-- then fails), and returns what the draft is about: the order's question and service, the
-- language to write in (p_language, else the question's: app.text_language) and, for an astro
-- order, the placements of its natal chart from public.astro_draft in that language.
-- Invoker: it acts as the caller throughout (the rate limit helper fixes the subject to them).
-- Raises USRBL, 42501 (not a reader), ORDNF, ORDTR, BADLG (p_language not ar/en), PT429.
create or replace function app.assist_draft_begin(
    p_order_id uuid,
    p_language text default null
) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
    v_order app.orders;
    v_language text;
    v_service app.services;
    v_placements jsonb := '[]'::jsonb;
begin
    v_order := app.assist_draft_order(p_order_id);
    if p_language is not null then
        v_language := app.assert_language(p_language);
    else
        v_language := app.text_language(v_order.question);
    end if;
    perform app.rate_limit_take_own('assist_drafts');
    select s.* into v_service from app.services as s where s.code = v_order.service_code;
    if exists (select 1 from app.order_astro as a where a.order_id = v_order.id) then
        select coalesce(
            pg_catalog.jsonb_agg(
                p.value -> case when v_language = 'ar' then 'text_ar' else 'text_en' end
                order by p.n
            ),
            '[]'::jsonb
        )
        into v_placements
        from pg_catalog.jsonb_array_elements(public.astro_draft(v_order.id) -> 'placements')
            with ordinality as p (value, n);
    end if;
    return pg_catalog.jsonb_build_object(
        'order_id', v_order.id,
        'service_code', v_order.service_code,
        'service_name', case when v_language = 'ar' then v_service.name_ar else v_service.name_en end,
        'question', v_order.question,
        'language', v_language,
        'placements', v_placements
    );
end;
$$;

comment on function app.assist_draft_begin(uuid, text) is
'Checks and rate-limits a draft for the order''s assigned reader and returns what it is about '
'(question, service, language, astro placements). Errors: USRBL, 42501, ORDNF, ORDTR, BADLG, '
'PT429.';

revoke execute on function app.assist_draft_begin(uuid, text) from public, anon;

grant execute on function app.assist_draft_begin(uuid, text) to authenticated;
