-- One HNSW graph per dimension and language instead of one per dimension. Arabic and English
-- chunks form regions of the vector space that one graph links poorly: built over both, a
-- search that entered the English region rarely reached the Arabic chunks nearest to an
-- Arabic question (recall@10 about 0.5 for such questions at 100,000 chunks, bench/assist.py).
-- app.kb_search walks each language's graph and merges the two lists by distance; a language
-- filter walks one. The dimension and language are written into its statement so that the
-- planner matches these partial indexes.
drop index app.kb_chunks_embedding_512_hnsw_idx;
drop index app.kb_chunks_embedding_384_hnsw_idx;
create index kb_chunks_embedding_512_ar_hnsw_idx on app.kb_chunks
using hnsw ((embedding::extensions.vector(512)) extensions.vector_cosine_ops)
where embedding_dim = 512 and language = 'ar';
create index kb_chunks_embedding_512_en_hnsw_idx on app.kb_chunks
using hnsw ((embedding::extensions.vector(512)) extensions.vector_cosine_ops)
where embedding_dim = 512 and language = 'en';
create index kb_chunks_embedding_384_ar_hnsw_idx on app.kb_chunks
using hnsw ((embedding::extensions.vector(384)) extensions.vector_cosine_ops)
where embedding_dim = 384 and language = 'ar';
create index kb_chunks_embedding_384_en_hnsw_idx on app.kb_chunks
using hnsw ((embedding::extensions.vector(384)) extensions.vector_cosine_ops)
where embedding_dim = 384 and language = 'en';
