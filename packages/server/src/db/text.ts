import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** Escapes `%`, `_` and `\` so that user input matches literally inside a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Case-insensitive "contains", the same on both engines (SQLite's LIKE ignores ASCII case, PostgreSQL's does not):
 * what every `keyword` filter uses.
 */
export function containsText(column: string, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) LIKE ${`%${escapeLike(text.toLowerCase())}%`} ESCAPE '\\'`;
}
