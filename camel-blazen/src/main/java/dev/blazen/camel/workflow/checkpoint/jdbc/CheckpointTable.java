package dev.blazen.camel.workflow.checkpoint.jdbc;

import dev.blazen.llm.error.ValidationError;

import java.util.regex.Pattern;

/**
 * A checkpoint table's name and the statements on it. The name is written into SQL as it is, which is why only plain
 * identifiers pass: {@code table} or {@code schema.table}, each part a letter or {@code _} and then letters, digits
 * or {@code _}, at most 63 characters (PostgreSQL's limit). Unquoted, so the database folds its case.
 */
final class CheckpointTable {

    private static final Pattern NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    /** The escape character of {@link #keysLike}: not the backslash, which MySQL also treats as a string escape. */
    static final char LIKE_ESCAPE = '!';

    final String name;
    final String createTable;
    final String probe;
    final String select;
    final String selectVersion;
    final String insert;
    final String update;
    final String upsert;
    final String delete;
    final String deleteVersion;
    final String keys;
    final String keysLike;

    CheckpointTable(String name, SqlDialect dialect) {
        this.name = requireName(name);
        this.createTable = dialect.createTable(name);
        this.probe = "SELECT checkpoint_key, version, data FROM " + name + " WHERE 1 = 0";
        this.select = "SELECT version, data FROM " + name + " WHERE checkpoint_key = ?";
        this.selectVersion = "SELECT version FROM " + name + " WHERE checkpoint_key = ?";
        this.insert = "INSERT INTO " + name + " (checkpoint_key, version, data) VALUES (?, 1, ?)";
        this.update = "UPDATE " + name + " SET version = version + 1, data = ? WHERE checkpoint_key = ? "
                + "AND version = ?";
        this.upsert = dialect != SqlDialect.POSTGRESQL ? null
                : "INSERT INTO " + name + " AS c (checkpoint_key, version, data) VALUES (?, 1, ?) ON CONFLICT "
                + "(checkpoint_key) DO UPDATE SET version = c.version + 1, data = EXCLUDED.data RETURNING version";
        this.delete = "DELETE FROM " + name + " WHERE checkpoint_key = ?";
        this.deleteVersion = "DELETE FROM " + name + " WHERE checkpoint_key = ? AND version = ?";
        this.keys = "SELECT checkpoint_key FROM " + name;
        this.keysLike = "SELECT checkpoint_key FROM " + name + " WHERE checkpoint_key LIKE ? ESCAPE '" + LIKE_ESCAPE
                + "'";
    }

    /** Rejects a name that is not a plain identifier, naming it. */
    static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationError("table", "a checkpoint table name is an identifier or schema.identifier (a "
                    + "letter or '_', then letters, digits or '_', at most 63 each), got "
                    + (name == null ? "none" : "'" + name.replaceAll("\\p{Cntrl}", "?") + "'"));
        }
        return name;
    }

    /** A LIKE pattern matching the keys that start with {@code prefix}, literally. */
    static String startsWith(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 8);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                pattern.append(LIKE_ESCAPE);
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }
}
