-- Video signals (vpdq: the reference's text format, a few KB; tmk: base64 of a 263,344-byte .tmk
-- file) do not fit hash_value, which is unique per bank and type. For them hash_value holds the
-- SHA-256 (hex) of the canonical value, which keeps that uniqueness, and the value itself is here.
ALTER TABLE signals ADD COLUMN long_value TEXT;
