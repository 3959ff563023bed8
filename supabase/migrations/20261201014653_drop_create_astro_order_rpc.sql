-- public.create_astro_order took the natal chart as an argument, so a client calling the RPC
-- directly could store a chart of their own making. The create_astro_order function now runs
-- app.begin_astro_order as the client and app.attach_astro_chart as the platform, in one
-- transaction; the old RPC goes.
-- captured: sql/rpc/create_astro_order.sql removed
drop function if exists public.create_astro_order(
    date, time, double precision, double precision, text, text, jsonb, text
);
