"""A local, wire-compatible subset of Supabase Storage at /storage/v1 (docs/local_storage.md)."""

from .app import PREFIX, StorageApp, create_storage_app

__all__ = ["PREFIX", "StorageApp", "create_storage_app"]
