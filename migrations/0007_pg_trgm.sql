-- Trigram similarity for the catalog's spell-checked search ("Beethovn" finds Beethoven). pg_trgm is a trusted extension (PostgreSQL 13+), so a database owner without superuser rights may create it, and managed services offer it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
