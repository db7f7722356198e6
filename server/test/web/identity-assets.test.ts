import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The Keycloak login theme carries copies of the web app's identity files (Keycloak serves a theme's
// resources from the theme itself): they must stay the same bytes as their sources.
const repository = fileURLToPath(new URL('../../../', import.meta.url));
const theme = path.join(repository, 'deploy/keycloak/themes/cartable/login/resources');
const fontPackage = path.dirname(createRequire(import.meta.url).resolve('@fontsource-variable/inter/package.json'));

const copies: [copy: string, source: string][] = [
  ['css/cartable.css', path.join(repository, 'web/public/identity/cartable.css')],
  ['css/login.css', path.join(repository, 'web/public/identity/login.css')],
  ['js/login.js', path.join(repository, 'web/public/identity/login.js')],
  ['img/icon.svg', path.join(repository, 'web/public/icons/icon.svg')],
  ['img/favicon.ico', path.join(repository, 'web/public/favicon.ico')],
  ['css/fonts/inter-latin-wght-normal.woff2', path.join(fontPackage, 'files/inter-latin-wght-normal.woff2')],
  ['css/fonts/LICENSE.txt', path.join(fontPackage, 'LICENSE')],
];

describe('the Keycloak theme’s copies of the identity files', () => {
  it.each(copies)('%s is the same as its source', async (copy, source) => {
    expect((await readFile(path.join(theme, copy))).equals(await readFile(source))).toBe(true);
  });
});
