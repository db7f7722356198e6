import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const sources = join(import.meta.dirname, '../../src');

function tsxFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : tsxFiles(path);
    return entry.name.endsWith('.tsx') ? [path] : [];
  });
}

/** Every `<form …>` opening tag of a source file, with whether it carries `noValidate`. */
function forms(path: string): { line: number; noValidate: boolean }[] {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: { line: number; noValidate: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) && node.tagName.getText(file) === 'form') {
      const noValidate = node.attributes.properties.some(
        (attribute) =>
          ts.isJsxAttribute(attribute) &&
          attribute.name.getText(file) === 'noValidate' &&
          (!attribute.initializer || attribute.initializer.getText(file) === '{true}'),
      );
      found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, noValidate });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('forms: inline French errors, never the browser’s bubbles', () => {
  const all = tsxFiles(sources).flatMap((path) =>
    forms(path).map((form) => ({ ...form, where: `${relative(sources, path)}:${form.line}` })),
  );

  it('finds the forms of the secretariat, the coordination and the officials’ app', () => {
    expect(all.length).toBeGreaterThan(30);
    for (const area of ['secretariat/', 'coordination/', 'profile/', 'meeting/', 'tablet/'])
      expect(all.some((form) => form.where.startsWith(area))).toBe(true);
  });

  it('renders every <form> with noValidate, so the browser never shows « Please fill out this field. »', () => {
    expect(all.filter((form) => !form.noValidate).map((form) => form.where)).toEqual([]);
  });
});
