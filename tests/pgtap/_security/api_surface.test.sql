-- The security surface, pinned: tables and their policies, RLS, privileges of the API roles on
-- tables and functions, and how every security definer function is declared. A new table,
-- policy or API function must be added here on purpose.
begin;
select plan(98);

select tests.rls_enabled('app');

select tables_are(
    'app',
    array[
        'app_settings', 'assist_drafts', 'astro_labels', 'audit_log', 'call_bookings',
        'call_events', 'call_monitor_actions', 'call_states', 'calls', 'countries',
        'export_datasets', 'exports', 'horoscope_transitions', 'horoscopes', 'job_runs',
        'kb_chunks', 'kb_docs', 'media_assets', 'media_checks', 'media_purposes',
        'moderation_actions', 'order_astro', 'order_notes', 'order_results',
        'order_status_counts', 'order_transitions', 'orders', 'phone_verification_attempts',
        'profiles', 'rate_limit_buckets', 'reader_availability', 'reader_availability_exceptions',
        'reader_voice_references', 'roles', 'service_status', 'services', 'zodiac_signs'
    ],
    'app holds exactly the known tables'
);

select tables_are('public', array[]::name[], 'public holds no tables');
select tables_are('private', array[]::name[], 'private holds no tables yet');

select views_are(
    'app',
    array['export_audit', 'export_calls', 'export_horoscopes', 'export_moderation', 'export_orders'],
    'app holds exactly the export datasets as views'
);
select is(
    array(
        select c.relname || ' ' || r.rolname || ' ' || p.privilege_type
        from pg_catalog.pg_class as c
        cross join pg_catalog.pg_roles as r
        cross join
            lateral (
                select a.privilege_type from aclexplode(c.relacl) as a where a.grantee = r.oid
            ) as p
        where
            c.relnamespace = 'app'::regnamespace
            and c.relkind = 'v'
            and r.rolname in ('anon', 'authenticated', 'service_role')
        order by 1
    ),
    array[
        'export_audit authenticated SELECT', 'export_calls authenticated SELECT',
        'export_horoscopes authenticated SELECT', 'export_moderation authenticated SELECT',
        'export_orders authenticated SELECT'
    ],
    'the export views: authenticated may only select (app.export_of refuses all but the '
    'export''s requester), anon and service_role nothing'
);

select policies_are(
    'app', 'app_settings', array['app_settings_select_authenticated'],
    'app_settings has exactly its select policy'
);
select policies_are(
    'app', 'assist_drafts',
    array['assist_drafts_select_authenticated', 'assist_drafts_insert_authenticated'],
    'assist_drafts has its select policy (never the client) and the reader''s insert policy'
);
select policies_are(
    'app', 'audit_log', array['audit_log_select_authenticated'],
    'audit_log has exactly its select policy'
);
select policies_are(
    'app', 'countries', array['countries_select_anon', 'countries_select_authenticated'],
    'countries has select policies for anon and authenticated'
);
select policies_are(
    'app', 'kb_docs', array['kb_docs_select_assist', 'kb_docs_insert_admin'],
    'kb_docs has its select policy (readers and staff) and the admins'' insert policy'
);
select policies_are(
    'app', 'kb_chunks', array['kb_chunks_select_assist', 'kb_chunks_insert_admin'],
    'kb_chunks has its select policy (readers and staff) and the admins'' insert policy'
);
select policies_are(
    'app', 'media_assets',
    array[
        'media_assets_select_anon', 'media_assets_select_authenticated',
        'media_assets_insert_authenticated'
    ],
    'media_assets has its select policies (anon: horoscope audio) and the uploader''s insert policy'
);
select policies_are(
    'app', 'media_purposes', array['media_purposes_select_authenticated'],
    'media_purposes has exactly its select policy'
);
select policies_are(
    'app', 'horoscopes',
    array[
        'horoscopes_select_anon', 'horoscopes_select_authenticated', 'horoscopes_insert_staff',
        'horoscopes_update_staff'
    ],
    'horoscopes has one policy per command and role (no overlapping permissive ones)'
);
select policies_are(
    'app', 'horoscope_transitions', array['horoscope_transitions_select_authenticated'],
    'horoscope_transitions has exactly its select policy'
);
select policies_are(
    'storage', 'objects',
    array[
        'storage_objects_insert_order_inputs', 'storage_objects_select_order_inputs',
        'storage_objects_insert_order_results', 'storage_objects_select_order_results',
        'storage_objects_select_exports', 'storage_objects_insert_exports',
        'storage_objects_delete_exports',
        'storage_objects_delete_unrecorded', 'storage_objects_insert_horoscope_audio',
        'storage_objects_select_horoscope_audio_anon', 'storage_objects_select_horoscope_audio',
        'storage_objects_delete_horoscope_audio', 'storage_objects_select_call_recordings'
    ],
    'storage.objects has exactly the policies of sql/policies/storage_objects.sql'
);
select policies_are(
    'app', 'orders',
    array[
        'orders_select_authenticated', 'orders_insert_client', 'orders_update_authenticated'
    ],
    'orders has one select, one client insert and one update policy (no overlapping permissive ones)'
);
select policies_are(
    'app', 'order_astro',
    array['order_astro_select_authenticated'],
    'order_astro has only a select policy deferring to orders (the platform writes charts)'
);
select policies_are(
    'app', 'astro_labels', array['astro_labels_select_authenticated'],
    'astro_labels has exactly its select policy for authenticated'
);
select policies_are(
    'app', 'order_results',
    array[
        'order_results_select_authenticated', 'order_results_insert_authenticated',
        'order_results_update_authenticated'
    ],
    'order_results has one policy per command'
);
select policies_are(
    'app', 'order_notes',
    array[
        'order_notes_select_authenticated', 'order_notes_insert_authenticated',
        'order_notes_update_authenticated'
    ],
    'order_notes has one policy per command'
);
select policies_are(
    'app', 'order_transitions', array['order_transitions_select_authenticated'],
    'order_transitions has exactly its select policy'
);
select policies_are(
    'app', 'calls', array['calls_select_authenticated'],
    'calls has exactly its select policy (writes go through the call functions)'
);
select policies_are(
    'app', 'call_events', array['call_events_select_authenticated'],
    'call_events has exactly its select policy (the service role writes)'
);
select policies_are(
    'app', 'call_monitor_actions', array['call_monitor_actions_select_authenticated'],
    'call_monitor_actions has exactly its select policy'
);
select policies_are(
    'app', 'call_states', array['call_states_select_authenticated'],
    'call_states has exactly its select policy'
);
select policies_are(
    'app', 'job_runs', array['job_runs_select_authenticated'],
    'job_runs has exactly its select policy (admins)'
);
select policies_are(
    'app', 'media_checks', array['media_checks_select_authenticated'],
    'media_checks has exactly its select policy (admins)'
);
select policies_are(
    'app', 'reader_voice_references', array['reader_voice_references_select_authenticated'],
    'reader_voice_references has exactly its select policy (admins)'
);
select policies_are(
    'app', 'moderation_actions', array['moderation_actions_select_authenticated'],
    'moderation_actions has exactly its select policy'
);
select policies_are(
    'app', 'profiles', array['profiles_select_authenticated', 'profiles_update_authenticated'],
    'profiles has select and update policies for authenticated'
);
select policies_are(
    'app', 'rate_limit_buckets', array['rate_limit_buckets_select_authenticated'],
    'rate_limit_buckets has exactly its select policy (admins look, nobody writes)'
);
select policies_are(
    'app', 'phone_verification_attempts',
    array['phone_verification_attempts_select_authenticated'],
    'phone_verification_attempts has exactly its select policy (own rows, admins all)'
);
select policies_are(
    'app', 'order_status_counts', array['order_status_counts_select_authenticated'],
    'order_status_counts has exactly its select policy (written only by the orders trigger)'
);
select policies_are(
    'app', 'exports', array['exports_select_authenticated'],
    'exports has exactly its select policy (written only through export_begin and export_finish)'
);
select policies_are(
    'app', 'export_datasets', array['export_datasets_select_authenticated'],
    'export_datasets has exactly its select policy'
);
select policies_are(
    'app', 'service_status', array['service_status_select_authenticated'],
    'service_status has exactly its select policy (written only by the record_service_* helpers)'
);
select policies_are(
    'app', 'roles', array['roles_select_authenticated'],
    'roles has exactly its select policy'
);
select policies_are(
    'app', 'services', array['services_select_anon', 'services_select_authenticated'],
    'services has select policies for anon and authenticated'
);
select policies_are(
    'app', 'call_bookings', array['call_bookings_select_authenticated'],
    'call_bookings has exactly its select policy (bookings are written by definer helpers)'
);
select policies_are(
    'app', 'reader_availability', array['reader_availability_select_authenticated'],
    'reader_availability has exactly its select policy (readers replace it by RPC)'
);
select policies_are(
    'app', 'reader_availability_exceptions',
    array['reader_availability_exceptions_select_authenticated'],
    'reader_availability_exceptions has exactly its select policy (readers replace it by RPC)'
);
select policies_are(
    'app', 'zodiac_signs', array['zodiac_signs_select_anon', 'zodiac_signs_select_authenticated'],
    'zodiac_signs has select policies for anon and authenticated'
);

select is_empty(
    $$
        select p.schemaname || '.' || p.tablename || '.' || p.policyname
        from pg_catalog.pg_policies as p
        where p.schemaname = 'app' and 'public' = any(p.roles)
    $$,
    'every policy names its role (no policy applies to public)'
);

select is_empty(
    $$
        select p.policyname
        from pg_catalog.pg_policies as p
        where
            p.schemaname = 'app'
            and regexp_replace(
                coalesce(p.qual, '') || ' ' || coalesce(p.with_check, ''),
                'select\s+auth\.[a-z_]+\(\)', '', 'gi'
            ) ~* 'auth\.[a-z_]+\('
    $$,
    'policies call auth.* only wrapped in a select (once per statement)'
);

select is_empty(
    $$
        select p.policyname
        from pg_catalog.pg_policies as p
        where
            p.schemaname = 'app'
            and coalesce(p.qual, '') || coalesce(p.with_check, '') ~* 'user_metadata'
    $$,
    'no policy reads user_metadata'
);

select is_empty(
    $$
        select c.conrelid::regclass::text || ' ' || c.conname
        from pg_catalog.pg_constraint as c
        where
            c.contype = 'f'
            and c.connamespace = 'app'::regnamespace
            and not exists (
                select 1
                from pg_catalog.pg_index as i
                where
                    i.indrelid = c.conrelid
                    and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] = c.conkey
            )
    $$,
    'every foreign key in app is the leading part of an index'
);

select is_empty(
    $$
        select p.oid::regprocedure::text
        from pg_catalog.pg_proc as p
        where p.pronamespace = 'public'::regnamespace and p.prosecdef
    $$,
    'public holds no security definer function'
);

select is_empty(
    $$
        select p.oid::regprocedure::text
        from pg_catalog.pg_proc as p
        where
            p.pronamespace in ('app'::regnamespace, 'private'::regnamespace, 'public'::regnamespace)
            and p.prosecdef
            and not coalesce(p.proconfig @> array['search_path=""'], false)
    $$,
    'every security definer function in app, private and public has search_path = '''''
);

select is_empty(
    $$
        select p.oid::regprocedure::text
        from pg_catalog.pg_proc as p
        where
            p.pronamespace in ('app'::regnamespace, 'private'::regnamespace, 'public'::regnamespace)
            and not exists (
                select 1 from unnest(p.proconfig) as s (setting)
                where s.setting like 'search\_path=%'
            )
    $$,
    'every function in app, private and public pins its search_path'
);

select is_empty(
    $$
        select p.oid::regprocedure::text
        from pg_catalog.pg_proc as p
        where
            p.pronamespace in ('app'::regnamespace, 'private'::regnamespace, 'public'::regnamespace)
            and (
                p.proacl is null
                or exists (select 1 from aclexplode(p.proacl) as a where a.grantee = 0)
            )
    $$,
    'no function in app, private or public is executable by PUBLIC'
);

select is(
    array(
        select p.oid::regprocedure::text
        from pg_catalog.pg_proc as p
        where
            p.pronamespace = 'public'::regnamespace
            and has_function_privilege('anon', p.oid, 'execute')
        order by 1
    ),
    array[
        'get_daily_horoscope(text,date)', 'list_countries(text,text)', 'list_services(text)',
        'list_zodiac_signs(text)'
    ],
    'anon may execute only the three public metadata functions and the daily horoscope'
);

select is(
    array(
        select p.oid::regprocedure::text
        from pg_catalog.pg_proc as p
        where
            p.pronamespace = 'public'::regnamespace
            and has_function_privilege('authenticated', p.oid, 'execute')
        order by 1
    ),
    array[
        'approve_horoscope(uuid)', 'approve_order(uuid,text)',
        'assign_order(uuid,uuid,boolean)', 'assist_draft_report(timestamp with time zone,'
        || 'timestamp with time zone)',
        'assist_knowledge_add(text,text,text,text,text,text,jsonb)',
        'assist_search(text,jsonb,text,text,integer)', 'astro_draft(uuid)',
        'block_profile(uuid,text)', 'book_call(uuid,text,timestamp with time zone,integer,text)',
        'cancel_call(uuid,text)', 'cancel_order(uuid,text)',
        'complete_profile(text,text,date,text,text,text,text,text,time without time zone,text)',
        'create_order(text,text,uuid,boolean)', 'get_astro_chart(uuid)',
        'get_call(uuid)', 'get_daily_horoscope(text,date)', 'get_my_profile()', 'get_order(uuid)',
        'get_reader_availability(uuid)', 'list_assist_drafts(uuid)', 'list_blocks()',
        'list_calls(timestamp with time zone,timestamp with time zone,uuid,integer,text)',
        'list_countries(text,text)', 'list_horoscope_archive()', 'list_my_calls(boolean,integer)',
        'list_orders(text,integer,text)',
        'list_rate_limits()', 'list_services(text)',
        'list_zodiac_signs(text)',
        'ops_metrics(timestamp with time zone,timestamp with time zone,text)', 'ops_snapshot()',
        'profile_requirements()', 'reject_horoscope(uuid,text)', 'reject_order(uuid,text,text)',
        'reschedule_call(uuid,timestamp with time zone)', 'set_my_availability(jsonb,text)',
        'set_my_availability_exceptions(jsonb,text)',
        'set_rate_limit(text,integer,integer)', 'start_order(uuid)',
        'submit_order_result(uuid,text,uuid,text)', 'unblock_profile(uuid,text)'
    ],
    'authenticated may execute exactly the reviewed public functions'
);

-- The exceptions: app.assert_language, the language rule's one home, which the three
-- invoker metadata RPCs anon may call must be able to run (a pure check, it reads nothing);
-- and what the invoker get_daily_horoscope and the horoscopes policy run: the sign check, the
-- horoscope's JSON and today's date (a definer that returns one date).
select is(
    array(
        select p.oid::regprocedure::text
        from pg_catalog.pg_proc as p
        where
            p.pronamespace in ('app'::regnamespace, 'private'::regnamespace)
            and has_function_privilege('anon', p.oid, 'execute')
        order by 1
    ),
    array[
        'app.assert_language(text)', 'app.assert_zodiac_sign(text)',
        'app.horoscope_json(app.horoscopes)', 'app.horoscope_today()'
    ],
    'anon may execute no function in app or private but the pure checks and the daily read'
);
select function_privs_are(
    'public', 'get_daily_horoscope', array['text', 'date'], 'anon', array['EXECUTE'],
    'anon may execute get_daily_horoscope (the horoscopes policy shows today''s approved only)'
);
select function_privs_are(
    'public', 'approve_horoscope', array['uuid'], 'authenticated', array['EXECUTE'],
    'authenticated may execute approve_horoscope (it checks the application role itself)'
);
select function_privs_are(
    'public', 'reject_horoscope', array['uuid', 'text'], 'authenticated', array['EXECUTE'],
    'authenticated may execute reject_horoscope (it checks the application role itself)'
);
select function_privs_are(
    'public', 'list_horoscope_archive', array[]::text[], 'authenticated', array['EXECUTE'],
    'authenticated may execute list_horoscope_archive (it checks the admin role itself)'
);

select function_privs_are(
    'public', 'list_countries', array['text', 'text'], 'anon', array['EXECUTE'],
    'anon may execute list_countries'
);
select function_privs_are(
    'public', 'list_countries', array['text', 'text'], 'authenticated', array['EXECUTE'],
    'authenticated may execute list_countries'
);
select function_privs_are(
    'public', 'list_zodiac_signs', array['text'], 'anon', array['EXECUTE'],
    'anon may execute list_zodiac_signs'
);
select function_privs_are(
    'public', 'list_zodiac_signs', array['text'], 'authenticated', array['EXECUTE'],
    'authenticated may execute list_zodiac_signs'
);
select function_privs_are(
    'public', 'list_services', array['text'], 'anon', array['EXECUTE'],
    'anon may execute list_services'
);
select function_privs_are(
    'public', 'list_services', array['text'], 'authenticated', array['EXECUTE'],
    'authenticated may execute list_services'
);
select function_privs_are(
    'public', 'create_order', array['text', 'text', 'uuid', 'boolean'], 'authenticated', array['EXECUTE'],
    'authenticated may execute create_order (it checks the application role itself)'
);
select function_privs_are(
    'public', 'get_call', array['uuid'], 'authenticated', array['EXECUTE'],
    'authenticated may execute get_call (the calls policy decides what it shows)'
);
select function_privs_are(
    'public', 'get_order', array['uuid'], 'authenticated', array['EXECUTE'],
    'authenticated may execute get_order (it checks the application role itself)'
);
select function_privs_are(
    'app', 'attach_astro_chart',
    array['uuid', 'date', 'time', 'double precision', 'double precision', 'text', 'text', 'jsonb'],
    'authenticated', array[]::text[],
    'authenticated may not execute attach_astro_chart (only the platform stores charts)'
);
select function_privs_are(
    'public', 'get_astro_chart', array['uuid'], 'authenticated', array['EXECUTE'],
    'authenticated may execute get_astro_chart (RLS decides what it sees)'
);
select function_privs_are(
    'public', 'list_assist_drafts', array['uuid'], 'authenticated', array['EXECUTE'],
    'authenticated may execute list_assist_drafts (it checks the role; RLS hides drafts)'
);
select function_privs_are(
    'public', 'assist_draft_report', array['timestamptz', 'timestamptz'], 'authenticated',
    array['EXECUTE'],
    'authenticated may execute assist_draft_report (it checks the application role itself)'
);
select function_privs_are(
    'public', 'astro_draft', array['uuid'], 'authenticated', array['EXECUTE'],
    'authenticated may execute astro_draft (it checks the application role itself)'
);
select function_privs_are(
    'public', 'list_orders', array['text', 'integer', 'text'], 'authenticated', array['EXECUTE'],
    'authenticated may execute list_orders (it checks the application role itself)'
);
select function_privs_are(
    'public', 'assign_order', array['uuid', 'uuid', 'boolean'], 'authenticated', array['EXECUTE'],
    'authenticated may execute assign_order (it checks the application role itself)'
);
select function_privs_are(
    'public', 'start_order', array['uuid'], 'authenticated', array['EXECUTE'],
    'authenticated may execute start_order (it checks the application role itself)'
);
select function_privs_are(
    'public', 'submit_order_result', array['uuid', 'text', 'uuid', 'text'], 'authenticated', array['EXECUTE'],
    'authenticated may execute submit_order_result (it checks the application role itself)'
);
select function_privs_are(
    'public', 'approve_order', array['uuid', 'text'], 'authenticated', array['EXECUTE'],
    'authenticated may execute approve_order (it checks the application role itself)'
);
select function_privs_are(
    'public', 'reject_order', array['uuid', 'text', 'text'], 'authenticated', array['EXECUTE'],
    'authenticated may execute reject_order (it checks the application role itself)'
);
select function_privs_are(
    'public', 'cancel_order', array['uuid', 'text'], 'authenticated', array['EXECUTE'],
    'authenticated may execute cancel_order (it checks the application role itself)'
);
select function_privs_are(
    'public', 'block_profile', array['uuid', 'text'], 'authenticated', array['EXECUTE'],
    'authenticated may execute block_profile (it checks the application role itself)'
);
select function_privs_are(
    'public', 'unblock_profile', array['uuid', 'text'], 'authenticated', array['EXECUTE'],
    'authenticated may execute unblock_profile (it checks the application role itself)'
);
select function_privs_are(
    'app', 'book_call_slot', array['uuid', 'uuid', 'timestamp with time zone', 'integer'],
    'service_role', array[]::text[],
    'the service role may not execute book_call_slot (it books only for a signed-in client)'
);
select function_privs_are(
    'public', 'list_blocks', array[]::text[], 'authenticated', array['EXECUTE'],
    'authenticated may execute list_blocks (it checks the application role itself)'
);
select function_privs_are(
    'public', 'list_rate_limits', array[]::text[], 'authenticated', array['EXECUTE'],
    'authenticated may execute list_rate_limits (it checks the admin role itself)'
);
select function_privs_are(
    'public', 'ops_snapshot', array[]::text[], 'authenticated', array['EXECUTE'],
    'authenticated may execute ops_snapshot (it checks the admin role itself)'
);
select function_privs_are(
    'public', 'ops_metrics', array['timestamp with time zone', 'timestamp with time zone', 'text'],
    'authenticated', array['EXECUTE'],
    'authenticated may execute ops_metrics (it checks the admin role itself)'
);
select function_privs_are(
    'public', 'set_rate_limit', array['text', 'integer', 'integer'], 'authenticated',
    array['EXECUTE'],
    'authenticated may execute set_rate_limit (it checks the admin role itself)'
);
select function_privs_are(
    'app', 'rate_limit_take', array['text', 'text', 'integer'], 'authenticated', array[]::text[],
    'authenticated may not execute rate_limit_take (it would name any subject)'
);
select function_privs_are(
    'app', 'rate_limit_take_own', array['text', 'integer'], 'authenticated', array['EXECUTE'],
    'authenticated may execute rate_limit_take_own (the subject is always the caller)'
);

select is(
    array(
        select c.relname::text
        from pg_catalog.pg_class as c
        where
            c.relnamespace = 'app'::regnamespace
            and c.relkind in ('r', 'p', 'v', 'm')
            and has_table_privilege('anon', c.oid, 'select')
        order by 1
    ),
    array['countries', 'horoscopes', 'media_assets', 'services', 'zodiac_signs'],
    'anon may select only the public reference tables, and horoscopes and media under their '
    'policies (today''s approved horoscope and its audio)'
);

select is_empty(
    $$
        select r.rolname || ' ' || c.relname
        from pg_catalog.pg_class as c
        cross join pg_catalog.pg_roles as r
        where
            c.relnamespace = 'app'::regnamespace
            and c.relkind in ('r', 'p')
            and r.rolname in ('anon', 'authenticated', 'service_role')
            and has_table_privilege(
                r.oid, c.oid, 'insert, update, delete, truncate, references, trigger'
            )
    $$,
    'no API role holds a table-wide write privilege on any app table'
);

select is(
    array(
        select a.attname::text
        from pg_catalog.pg_attribute as a
        where
            a.attrelid = 'app.profiles'::regclass
            and a.attnum > 0
            and not a.attisdropped
            and has_column_privilege('authenticated', a.attrelid, a.attnum, 'update')
        order by 1
    ),
    array[
        'birth_place', 'birth_time', 'country_code', 'date_of_birth', 'first_name', 'gender',
        'language', 'last_name', 'marital_status', 'time_zone'
    ],
    'authenticated may update only the harmless profile columns'
);

select is(
    array(
        select r.rolname || ' ' || c.relname || '.' || a.attname
        from pg_catalog.pg_class as c
        inner join pg_catalog.pg_attribute as a on a.attrelid = c.oid and a.attnum > 0
        cross join pg_catalog.pg_roles as r
        where
            c.relnamespace = 'app'::regnamespace
            and c.relkind in ('r', 'p')
            and not a.attisdropped
            and r.rolname in ('anon', 'authenticated', 'service_role')
            and has_column_privilege(r.oid, c.oid, a.attnum, 'insert')
        order by 1
    ),
    array[
        'authenticated assist_drafts.chunk_ids', 'authenticated assist_drafts.confidence',
        'authenticated assist_drafts.fallback_reason', 'authenticated assist_drafts.kind',
        'authenticated assist_drafts.language', 'authenticated assist_drafts.model',
        'authenticated assist_drafts.order_id', 'authenticated assist_drafts.prompt_version',
        'authenticated assist_drafts.sample_confidences', 'authenticated assist_drafts.text',
        'authenticated horoscopes.duration_ms', 'authenticated horoscopes.error_code',
        'authenticated horoscopes.error_detail', 'authenticated horoscopes.horoscope_date',
        'authenticated horoscopes.media_id', 'authenticated horoscopes.sign',
        'authenticated horoscopes.source_url', 'authenticated horoscopes.status',
        'authenticated kb_chunks.doc_id', 'authenticated kb_chunks.embedding',
        'authenticated kb_chunks.embedding_dim', 'authenticated kb_chunks.embedding_model',
        'authenticated kb_chunks.language', 'authenticated kb_chunks.position',
        'authenticated kb_chunks.text',
        'authenticated kb_docs.added_by', 'authenticated kb_docs.content_hash',
        'authenticated kb_docs.language', 'authenticated kb_docs.licence',
        'authenticated kb_docs.source', 'authenticated kb_docs.title',
        'authenticated media_assets.byte_size', 'authenticated media_assets.details',
        'authenticated media_assets.duration_ms', 'authenticated media_assets.kind',
        'authenticated media_assets.mime_type', 'authenticated media_assets.order_id',
        'authenticated media_assets.owner_id', 'authenticated media_assets.purpose',
        'authenticated media_assets.sha256',
        'authenticated order_notes.monitor_comment', 'authenticated order_notes.order_id',
        'authenticated order_notes.reader_note', 'authenticated order_notes.rejection_reason',
        'authenticated order_results.order_id', 'authenticated order_results.output_media_id',
        'authenticated order_results.output_text',
        'authenticated orders.client_id', 'authenticated orders.input_media_id',
        'authenticated orders.is_gold', 'authenticated orders.question',
        'authenticated orders.service_code',
        'service_role assist_drafts.author_id', 'service_role assist_drafts.chunk_ids',
        'service_role assist_drafts.confidence', 'service_role assist_drafts.fallback_reason',
        'service_role assist_drafts.kind', 'service_role assist_drafts.language',
        'service_role assist_drafts.model', 'service_role assist_drafts.order_id',
        'service_role assist_drafts.prompt_version',
        'service_role assist_drafts.sample_confidences', 'service_role assist_drafts.text',
        'service_role call_events.call_id', 'service_role call_events.event',
        'service_role call_events.occurred_at', 'service_role call_events.params',
        'service_role call_events.provider_sid', 'service_role call_events.sequence_number',
        'service_role call_events.source', 'service_role call_monitor_actions.action',
        'service_role call_monitor_actions.call_id',
        'service_role call_monitor_actions.left_at',
        'service_role call_monitor_actions.monitor_id',
        'service_role call_monitor_actions.participant_call_sid',
        'service_role horoscopes.duration_ms', 'service_role horoscopes.error_code',
        'service_role horoscopes.error_detail', 'service_role horoscopes.horoscope_date',
        'service_role horoscopes.media_id', 'service_role horoscopes.sign',
        'service_role horoscopes.source_url', 'service_role horoscopes.status',
        'service_role media_assets.bucket', 'service_role media_assets.details',
        'service_role media_assets.duration_ms', 'service_role media_assets.kind',
        'service_role media_assets.mime_type', 'service_role media_assets.order_id',
        'service_role media_assets.owner_id', 'service_role media_assets.path',
        'service_role media_assets.purpose',
        'service_role order_astro.birth_date', 'service_role order_astro.birth_time',
        'service_role order_astro.chart', 'service_role order_astro.latitude',
        'service_role order_astro.longitude', 'service_role order_astro.order_id',
        'service_role order_astro.place_label', 'service_role order_astro.time_zone',
        'service_role order_notes.monitor_comment', 'service_role order_notes.order_id',
        'service_role order_notes.reader_note', 'service_role order_notes.rejection_reason',
        'service_role order_results.order_id', 'service_role order_results.output_media_id',
        'service_role order_results.output_text'
    ],
    'API roles insert only a client''s own order columns, an astro order''s chart (the '
    'platform, app.attach_astro_chart), an assigned reader''s draft (guarded by assist_drafts_10), '
    'an order''s result and notes (guarded by app.order_work_guard), a measured '
    'upload (guarded by app.media_check_upload; never its bucket or key) and a horoscope''s '
    'ingest columns (guarded by horoscopes_10), an admin''s knowledge-base document and '
    'chunks (their insert policies); the service role also a Twilio callback, a '
    'monitor''s action and a call recording (the voice webhooks and monitor functions)'
);

select is(
    array(
        select r.rolname || ' ' || a.attname
        from pg_catalog.pg_attribute as a
        cross join pg_catalog.pg_roles as r
        where
            a.attrelid = 'app.orders'::regclass
            and a.attnum > 0
            and not a.attisdropped
            and r.rolname in ('anon', 'authenticated', 'service_role')
            and has_column_privilege(r.oid, a.attrelid, a.attnum, 'update')
        order by 1
    ),
    array[
        'authenticated cancel_reason', 'authenticated reader_id', 'authenticated status',
        'service_role cancel_reason', 'service_role reader_id', 'service_role status'
    ],
    'API roles update only the workflow columns of orders (guarded by orders_10)'
);

select is(
    array(
        select r.rolname || ' ' || a.attname
        from pg_catalog.pg_attribute as a
        cross join pg_catalog.pg_roles as r
        where
            a.attrelid = 'app.horoscopes'::regclass
            and a.attnum > 0
            and not a.attisdropped
            and r.rolname in ('anon', 'authenticated', 'service_role')
            and has_column_privilege(r.oid, a.attrelid, a.attnum, 'update')
        order by 1
    ),
    array[
        'authenticated duration_ms', 'authenticated error_code', 'authenticated error_detail',
        'authenticated media_id', 'authenticated rejection_reason', 'authenticated source_url',
        'authenticated status',
        'service_role duration_ms', 'service_role error_code', 'service_role error_detail',
        'service_role media_id', 'service_role rejection_reason', 'service_role source_url',
        'service_role status'
    ],
    'API roles update only the transition columns of horoscopes (guarded by horoscopes_10)'
);

select is(
    array(
        select r.rolname::text
        from pg_catalog.pg_roles as r
        where
            r.rolname in ('anon', 'authenticated', 'service_role')
            and has_schema_privilege(r.oid, 'private', 'usage')
        order by 1
    ),
    array[]::text[],
    'no API role may use the private schema'
);

select is(
    array(
        select p.oid::regprocedure::text
        from pg_catalog.pg_proc as p
        where p.pronamespace in ('app'::regnamespace, 'private'::regnamespace) and p.prosecdef
        order by 1
    ),
    array[
        'app."current_role"()', 'app.app_settings_audit_change()', 'app.audit_action_insert()',
        'app.book_call_slot(uuid,uuid,timestamp with time zone,integer)',
        'app.call_bookings_audit_change()', 'app.call_consent_notice(text)',
        'app.call_initiate_begin(uuid)',
        'app.call_recording_visible(uuid)', 'app.call_setting(text)',
        'app.call_terminate(uuid,text,text)', 'app.calls_audit_change()',
        'app.export_begin(text[],timestamp with time zone,timestamp with time zone,boolean,text)',
        'app.export_finish(uuid,jsonb,bigint)', 'app.horoscope_today()',
        'app.is_active_reader(uuid)', 'app.job_media_maintenance()', 'app.job_purge_audit_log()',
        'app.kb_search(text,vector,text,text,integer)', 'app.loudness_target(uuid)',
        'app.mark_phone_verified(uuid,text)',
        'app.media_is_recorded(text,text)', 'app.media_limits(text)', 'app.minimum_age()',
        'app.move_call_booking(uuid,timestamp with time zone)',
        'app.ops_order_states()',
        'app.ops_result_drafts(timestamp with time zone,timestamp with time zone,text)',
        'app.order_question_max_length()', 'app.orders_audit_change()',
        'app.orders_count_status()',
        'app.phone_verification_begin(text,text)', 'app.phone_verification_check_begin(text)',
        'app.phone_verification_finish(uuid,bigint,text,text,integer)',
        'app.profiles_audit_change()', 'app.purge_expired_exports()',
        'app.purge_full_rate_limit_buckets()', 'app.purge_old_assist_drafts()',
        'app.purge_old_call_events()', 'app.purge_old_horoscopes()', 'app.purge_old_job_runs()',
        'app.purge_old_phone_verification_attempts()',
        'app.rate_limit_take(text,text,integer)', 'app.rate_limit_take_own(text,integer)',
        'app.record_job_run(text,text,text,timestamp with time zone,jsonb,jsonb)',
        'app.record_job_step(bigint,jsonb,jsonb)', 'app.record_media_maintenance(jsonb)',
        'app.record_service_configured(text,boolean)', 'app.record_service_error(text,text,text)',
        'app.release_call_booking(uuid)', 'app.remove_unused_horoscope_audio(uuid)',
        'app.replace_my_availability(text,jsonb,text)', 'app.retention_days(text,integer)',
        'app.set_profile_block(uuid,boolean,text)', 'app.stale_storage_files()',
        'app.sync_profile_from_auth_user()',
        'app.write_rate_limit_setting(text,integer,integer)'
    ],
    'the security definer functions are exactly the reviewed ones'
);

select * from finish();
rollback;
