"""The project package behind functions/main.py: settings, errors, auth and database access.

Handlers in main.py stay thin (check the method, authenticate, parse, call SQL, map the
result); the rules themselves live in SQL. `postgrest` holds PostgREST's behaviour (errors,
JWT checks, impersonation), shared with the dev gateway.
"""
