import type { CDPSession, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { logIn } from './browser.ts';
import { useJourney } from './journey.ts';
import type { RunningServer } from './server.ts';

// Issue 17, what an official meets every day (3, 4, 14): the reader in full screen with its zoom, pinch,
// swipe and « document suivant », the annotations as a drawer; the inbox and the reader reflowing at
// 320 px and with text at 200 %; a highlight sitting exactly on the words selected.
const journey = useJourney('everyday');
const { expectAccessible, screenshot } = journey;
let server: RunningServer;
let page: Page;
let cdp: CDPSession;
beforeAll(async () => {
  ({ server, page } = journey);
  cdp = await page.context().newCDPSession(page);
});

const sizes = {
  phone: { width: 390, height: 844 },
  tablet: { width: 768, height: 1024 },
  laptop: { width: 1366, height: 768 },
};

/** Nothing wider than the window: the page reflows instead of scrolling sideways (RGAA 10.11). */
async function expectNoSidewaysScroll(where: string) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), where).toBeLessThanOrEqual(0);
}

/** The browser's text size, as a user sets it in the settings (200 %: 32 px instead of 16). */
async function textSize(percent: number) {
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: (16 * percent) / 100, fixed: (13 * percent) / 100 } });
  // The app's text follows the browser's size (rem-based), so the setting really doubles it.
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe(`${(16 * percent) / 100}px`);
}

const percent = () =>
  page
    .locator('.cartable-reader__percent')
    .textContent()
    .then((text) => Number(text!.replace(/\D/g, '')));

/** Touches on the document's frame, as fingers would (`points`: one list of fingers per step). */
async function touch(points: { x: number; y: number }[][]) {
  await page.evaluate((steps) => {
    const container = document.querySelector<HTMLElement>('.cartable-reader__container')!;
    const box = container.getBoundingClientRect();
    const fingers = (step: { x: number; y: number }[]) =>
      step.map(
        (point, identifier) => new Touch({ identifier, target: container, clientX: box.left + point.x, clientY: box.top + point.y }),
      );
    const send = (type: string, touches: Touch[], changed: Touch[]) =>
      container.dispatchEvent(
        new TouchEvent(type, { touches, targetTouches: touches, changedTouches: changed, bubbles: true, cancelable: true }),
      );
    send('touchstart', fingers(steps[0]!), fingers(steps[0]!));
    for (const step of steps.slice(1)) send('touchmove', fingers(step), fingers(step));
    send('touchend', [], fingers(steps.at(-1)!));
  }, points);
}

describe('claire.martin reads every day', () => {
  it('her inbox reflows at 320 px and with text at 200 %', async () => {
    await logIn(page, server.url, 'claire.martin');
    await page.locator('.cartable-meeting-list > li').first().waitFor();
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoSidewaysScroll('inbox at 320 px');
    await screenshot('inbox-320');
    await page.setViewportSize({ width: 1024, height: 768 });
    await textSize(200);
    await expectNoSidewaysScroll('inbox at 200 %');
    await expectAccessible();
    await screenshot('inbox-text-200');
    await textSize(100);
  });

  it('reads a document with its zoom: width, whole page, percentage, pinch; swipes to the next page', async () => {
    await page.setViewportSize(sizes.laptop);
    await page.getByRole('link', { name: /Ouvrir la séance « Conseil municipal » \(Ville de Besançon\)/ }).click();
    await page.getByRole('heading', { name: 'Ordre du jour' }).waitFor();
    await page.getByRole('link', { name: 'Rapport de présentation du budget primitif 2027' }).click();
    await page.locator('.textLayer span').first().waitFor();
    const width = page.getByRole('button', { name: 'Largeur' });
    const whole = page.getByRole('button', { name: 'Page entière' });
    expect(await width.getAttribute('aria-pressed')).toBe('true');
    const fitted = await percent();
    await whole.click();
    await expect.poll(() => whole.getAttribute('aria-pressed')).toBe('true');
    expect(await percent()).toBeLessThan(fitted);
    await page.getByRole('button', { name: 'Agrandir' }).click();
    await expect.poll(() => width.getAttribute('aria-pressed')).toBe('false');
    await width.click();
    await expect.poll(percent).toBe(fitted);

    // Two fingers spread apart zoom in.
    await touch([
      [
        { x: 150, y: 200 },
        { x: 250, y: 200 },
      ],
      [
        { x: 120, y: 200 },
        { x: 280, y: 200 },
      ],
      [
        { x: 100, y: 200 },
        { x: 300, y: 200 },
      ],
    ]);
    await expect.poll(percent).toBeGreaterThan(fitted * 1.5);
    await width.click();
    await expect.poll(percent).toBe(fitted);
    // One finger swiped to the left turns the page.
    await page
      .getByText(/^Page 1 sur \d+$/)
      .first()
      .waitFor();
    await touch([[{ x: 400, y: 300 }], [{ x: 250, y: 305 }], [{ x: 100, y: 310 }]]);
    await page
      .getByText(/^Page 2 sur \d+$/)
      .first()
      .waitFor();
    await touch([[{ x: 100, y: 300 }], [{ x: 400, y: 300 }]]);
    await page
      .getByText(/^Page 1 sur \d+$/)
      .first()
      .waitFor();
  });

  it('reads in full screen at the three sizes, the annotations in a drawer', async () => {
    const immersive = page.getByRole('button', { name: 'Plein écran' });
    await immersive.click();
    const reader = page.locator('.cartable-reader--immersive');
    await reader.waitFor();
    for (const [name, size] of Object.entries(sizes)) {
      await page.setViewportSize(size);
      // The document takes the screen: its frame gets at least three quarters of the height.
      const frame = (await page.locator('.cartable-reader__frame').boundingBox())!;
      expect(frame.height, name).toBeGreaterThan(size.height * (name === 'phone' ? 0.55 : 0.7));
      expect(await page.locator('#cartable-annotations').isVisible(), name).toBe(false);
      await expectNoSidewaysScroll(`reader in full screen, ${name}`);
      await expectAccessible();
      await screenshot(`reader-immersive-${name}`);
      const toggle = page.getByRole('button', { name: /^Annotations \(\d+\)$/ });
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await page.getByRole('heading', { name: 'Mes annotations' }).waitFor();
      await expectAccessible();
      await screenshot(`reader-drawer-${name}`);
      await page.getByRole('button', { name: 'Fermer les annotations' }).click();
      expect(await page.locator('#cartable-annotations').isVisible(), name).toBe(false);
    }
    await page.getByRole('button', { name: 'Quitter le plein écran' }).click();
    expect(await reader.count()).toBe(0);
  });

  it('on a tablet in portrait, the annotations are a drawer outside full screen too; the reader reflows at 320 px and 200 %', async () => {
    await page.setViewportSize(sizes.tablet);
    expect(await page.locator('#cartable-annotations').isVisible()).toBe(false);
    await screenshot('reader-tablet');
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoSidewaysScroll('reader at 320 px');
    await screenshot('reader-320');
    await page.setViewportSize({ width: 1024, height: 768 });
    await textSize(200);
    await expectNoSidewaysScroll('reader at 200 %');
    // The search field's label stays inside the toolbar, clear of the annotations.
    const label = (await page.locator('.cartable-reader__search label').boundingBox())!;
    const viewer = (await page.locator('.cartable-reader__viewer-area').boundingBox())!;
    expect(label.x + label.width).toBeLessThanOrEqual(viewer.x + viewer.width + 0.5);
    await expectAccessible();
    await screenshot('reader-text-200');
    await textSize(100);
    await page.setViewportSize(sizes.laptop);
  });

  it('highlights exactly the words selected', async () => {
    // The reader renders its pages again after the previous step's size changes: select only once the text
    // layer holding the words is the same element, at the same place, 300 ms apart.
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const find = () =>
              [...document.querySelectorAll('.textLayer span')].find((element) => element.textContent?.includes('budget primitif'));
            const before = find();
            const box = before?.getBoundingClientRect();
            await new Promise((resolve) => setTimeout(resolve, 300));
            const after = find();
            const again = after?.getBoundingClientRect();
            return Boolean(
              before &&
              before === after &&
              box &&
              again &&
              box.x === again.x &&
              box.y === again.y &&
              box.width === again.width &&
              box.width > 0,
            );
          }),
        { timeout: 30_000 },
      )
      .toBe(true);
    // Selected and measured at once, from the page's corner (opening the note editor may scroll the window).
    const selected = await page.evaluate(() => {
      const span = [...document.querySelectorAll('.textLayer span')].find((element) => element.textContent?.includes('budget primitif'))!;
      const start = span.textContent!.indexOf('budget primitif');
      const range = document.createRange();
      range.setStart(span.firstChild!, start);
      range.setEnd(span.firstChild!, start + 'budget primitif'.length);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
      const pageBox = (span.closest('.page') as HTMLElement).getBoundingClientRect();
      const rect = range.getBoundingClientRect();
      return { x: rect.x - pageBox.x, y: rect.y - pageBox.y, width: rect.width, height: rect.height };
    });
    await page.getByRole('button', { name: 'Surligner la sélection' }).click();
    // The highlight layer is drawn again as the note editor opens: measure the mark drawn last, once drawn,
    // as the largest gap of its four sides to the selection's (Infinity while there is none).
    await expect
      .poll(
        () =>
          page.evaluate((selection) => {
            const element = [...document.querySelectorAll('.cartable-highlight')].at(-1);
            const pageElement = element?.closest('.page');
            if (!element || !pageElement) return Number.POSITIVE_INFINITY;
            const pageBox = pageElement.getBoundingClientRect();
            const rect = element.getBoundingClientRect();
            const box = { x: rect.x - pageBox.x, y: rect.y - pageBox.y, width: rect.width, height: rect.height };
            return Math.max(
              Math.abs(box.x - selection.x),
              Math.abs(box.y - selection.y),
              Math.abs(box.width - selection.width),
              Math.abs(box.height - selection.height),
            );
          }, selected),
        { timeout: 30_000 },
      )
      .toBeLessThan(1.5);
    await page.getByRole('button', { name: 'Annuler' }).click();
  });

  it('goes on to the next document of the meeting', async () => {
    const next = page.getByRole('link', { name: /^Document suivant : / });
    const title = (await next.textContent())!.replace('Document suivant : ', '');
    await next.click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.locator('.textLayer span').first().waitFor();
    await expectAccessible();
  });
});
