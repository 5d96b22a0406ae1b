-- Keep embeddings in the row, uncompressed. pgvector stores a vector EXTERNAL by default, and a
-- 1,024-float vector (4 KB) is past the TOAST threshold: every insert wrote it to the TOAST table and
-- every exact similar-issue scan fetched it back chunk by chunk. Measured on the embedded database with
-- 1,000 issues in a repository, PLAIN took that scan from 31 to 23 ms (MAIN, which compresses, made it
-- 49 ms). A PLAIN value must fit a page, hence OPENAI_EMBEDDING_DIMENSIONS at most 1,900 (config.ts).
-- Applies to rows written from now on.
ALTER TABLE issue_embeddings ALTER COLUMN embedding SET STORAGE PLAIN;
