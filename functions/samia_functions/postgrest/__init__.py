"""PostgREST's behaviour in one place, for the deployed functions and the dev gateway alike.

`errors`: the error body, headers and the SQLSTATE -> HTTP status table; `jwt`: how a bearer
token is verified; `roles`: how a request impersonates the caller inside its transaction;
`reload`: the `NOTIFY pgrst, 'reload schema'` listener that drops what is cached.
The dev gateway (samia_cli.gateway) imports these; this package never imports the gateway, so
the functions deploy on their own with functions/requirements.txt.
"""
