-- Mapping documents of the workspace, versioned. Saving an edit adds a version and never rewrites an older one: a
-- sync pair and each sync run name the exact version they mapped with, and an earlier version stays available to
-- compare with or to restore (by saving it again as the newest).
CREATE TABLE mapping_documents (
  mapping_id    TEXT    NOT NULL,
  version       INTEGER NOT NULL CHECK (version > 0),
  name          TEXT    NOT NULL,
  -- The document as written (YAML read into JSON, anchors expanded), so it exports and re-imports unchanged; its
  -- `version` field is the version number of this row.
  document_json TEXT    NOT NULL,
  -- Where this version came from: "template:xero-sagex3", "file:mapping.yaml", "editor".
  origin        TEXT    NOT NULL,
  saved_by      TEXT    NOT NULL,
  saved_at      TEXT    NOT NULL,
  comment       TEXT,
  PRIMARY KEY (mapping_id, version)
) STRICT;

CREATE TRIGGER mapping_documents_no_update BEFORE UPDATE ON mapping_documents
BEGIN
  SELECT RAISE(ABORT, 'a saved mapping document version is never changed: save a new version');
END;
