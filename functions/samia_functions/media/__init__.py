"""Media files: measured in Python, judged and recorded by the database, stored and signed by
Storage as the caller (media_upload, media_url in main.py)."""
