-- A live call one of whose parties is blocked is ended by the stuck-call job, with its own end
-- reason: a block stops a party from calling, and from staying on a call already under way.
alter table app.calls drop constraint calls_end_reason_check;
alter table app.calls add constraint calls_end_reason_check check (end_reason in (
    'completed', 'dropped', 'time_limit', 'stuck', 'no_show_reader', 'no_show_client',
    'no_show_both', 'failed', 'party_blocked'
));
