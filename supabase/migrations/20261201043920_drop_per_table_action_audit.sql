-- The two action logs (moderation actions, monitor actions on calls) are audited by one
-- trigger function, app.audit_action_insert; their own copies of it go. The triggers keep
-- their names and are created again, on the shared function, from sql/.
-- captured: sql/app/call_monitor_actions_audit.sql removed
-- captured: sql/app/moderation_actions_audit.sql removed
drop trigger if exists call_monitor_actions_audit on app.call_monitor_actions;
drop trigger if exists moderation_actions_audit on app.moderation_actions;
drop function if exists app.call_monitor_actions_audit();
drop function if exists app.moderation_actions_audit();
