"""AI assist for readers: knowledge base, embeddings, hybrid search (docs/assist.md)."""
