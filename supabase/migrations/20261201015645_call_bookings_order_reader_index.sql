-- The foreign key (order_id, reader_id) of app.call_bookings gets an index of its own columns,
-- as every foreign key in app does (the primary key covers order_id only).
create index call_bookings_order_id_reader_id_idx on app.call_bookings (order_id, reader_id);
