-- Trigram similarity for skill matching (typos such as "photgraphy"). Trusted since PostgreSQL 13,
-- so the database owner can create it; PGlite loads it as an extension.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
