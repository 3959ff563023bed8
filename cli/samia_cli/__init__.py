"""The samia CLI: the local Supabase-compatible stack, the migrator and the dev API gateway."""

__version__ = "0.1.0"
