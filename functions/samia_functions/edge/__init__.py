"""Guards of the two HTTP edges, one implementation each for the deployed functions and the dev
gateway alike: request ids, body size limits, NUL bytes, safe JSON bodies, CORS, and JSON error
answers. `guard.EdgeGuard` is the WSGI middleware that applies the request-level ones;
`flask_app.install` fits the functions' Flask app with it.
"""
