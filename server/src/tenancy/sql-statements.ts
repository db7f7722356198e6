/**
 * Splits a migration file into its statements at the semicolons outside comments, quoted strings,
 * quoted identifiers and dollar-quoted bodies (`$$ … $$`, `$tag$ … $tag$`). Statements come back
 * trimmed, without their semicolon; empty ones (comments only) are dropped.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let index = 0;
  const skipPast = (terminator: string, from: number) => {
    const end = sql.indexOf(terminator, from);
    return end === -1 ? sql.length : end + terminator.length;
  };
  while (index < sql.length) {
    const char = sql[index]!;
    const next = sql[index + 1];
    if (char === '-' && next === '-') index = skipPast('\n', index + 2);
    else if (char === '/' && next === '*') index = skipPast('*/', index + 2);
    else if (char === "'" || char === '"') {
      // A doubled quote inside is an escaped one: the scan simply resumes after it.
      index = skipPast(char, index + 1);
    } else if (char === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(index))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(index))![0];
      index = skipPast(tag, index + tag.length);
    } else if (char === ';') {
      statements.push(sql.slice(start, index));
      start = ++index;
    } else index++;
  }
  statements.push(sql.slice(start));
  return statements.map((statement) => statement.trim()).filter((statement) => withoutComments(statement) !== '');
}

function withoutComments(statement: string): string {
  return statement
    .replace(/--[^\n]*/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .trim();
}
