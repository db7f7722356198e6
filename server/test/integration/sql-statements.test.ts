import { describe, expect, it } from 'vitest';
import { bodyMigrationsDirectory, loadMigrations } from '../../src/tenancy/schema-migrator.js';
import { splitStatements } from '../../src/tenancy/sql-statements.js';

describe('splitStatements', () => {
  it('splits at semicolons outside comments, strings, identifiers and dollar quotes', () => {
    const sql = [
      '-- a comment; not a statement',
      'create table t (a text default \'x;y\', "b;c" int); /* block; comment */',
      "insert into t values ('it''s; fine');",
      'do $body$ begin perform 1; end $body$;',
      'create function f() returns int as $$ select 1; $$ language sql',
      '-- trailing comment only',
    ].join('\n');
    expect(splitStatements(sql)).toEqual([
      '-- a comment; not a statement\ncreate table t (a text default \'x;y\', "b;c" int)',
      "/* block; comment */\ninsert into t values ('it''s; fine')",
      'do $body$ begin perform 1; end $body$',
      'create function f() returns int as $$ select 1; $$ language sql\n-- trailing comment only',
    ]);
  });

  it('loses nothing of the body migrations but semicolons and blank space', async () => {
    for (const migration of await loadMigrations(bodyMigrationsDirectory)) {
      const statements = splitStatements(migration.sql);
      expect(statements.length).toBeGreaterThan(0);
      const squeeze = (text: string) => text.replace(/[\s;]/g, '');
      expect(squeeze(statements.join(''))).toBe(squeeze(migration.sql));
    }
  });
});
