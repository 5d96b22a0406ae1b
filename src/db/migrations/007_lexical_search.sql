-- The lexical side of similar-issue search (db/lexical-index.ts): each issue's distinct words and a
-- TF-IDF vector over them with the repository's own document frequencies, which the hashed embedding
-- cannot know. Keyed like issue_embeddings, so an issue is searchable before its issue row settles.
CREATE TABLE IF NOT EXISTS issue_terms (
  repo_id       bigint NOT NULL,
  number        integer NOT NULL,
  content_hash  text NOT NULL,
  lexemes       text[] NOT NULL,
  terms         sparsevec(1048576) NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, number)
);
-- An inverted index: the candidates for an issue are the issues sharing its rarest words (similar-issues.ts).
-- fastupdate off: new entries would otherwise wait in a pending list that every search reads through
-- until a VACUUM (the embedded database's come from embedded-maintenance.ts, at most every 10 s).
CREATE INDEX IF NOT EXISTS issue_terms_lexemes ON issue_terms USING gin (lexemes) WITH (fastupdate = off);

-- Document frequencies per repository: how many of its issues contain each word, and how many issues.
CREATE TABLE IF NOT EXISTS repo_term_df (
  repo_id  bigint NOT NULL,
  lexeme   text NOT NULL,
  df       integer NOT NULL,
  PRIMARY KEY (repo_id, lexeme)
);
CREATE TABLE IF NOT EXISTS repo_term_docs (
  repo_id  bigint PRIMARY KEY,
  docs     integer NOT NULL
);
