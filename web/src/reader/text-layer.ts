import { describeRange, findQuote, type TextQuoteSelector, type TextRange } from '@shared/text-quote';

/**
 * The text of one rendered page as pdf.js lays it out: one element per text item (`textDivs[i]` shows
 * `items[i]`), a line break after an item that ends a line. Offsets in `text` map to DOM positions and
 * back, so a selection becomes a text quote selector and a selector becomes rectangles to draw.
 */
export class PageText {
  readonly text: string;
  private readonly starts: number[] = [];

  constructor(
    private readonly textDivs: readonly HTMLElement[],
    items: readonly string[],
  ) {
    let text = '';
    items.forEach((item, index) => {
      this.starts.push(text.length);
      text += item;
      if (textDivs[index]?.nextSibling?.nodeName === 'BR') text += '\n';
    });
    this.text = text;
  }

  /** The offset in `text` of a DOM position inside the text layer, or null when outside any item. */
  offsetOf(node: Node, offset: number): number | null {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
    const index = this.textDivs.findIndex((div) => div === element || div.contains(element));
    if (index === -1) {
      // Between items (the position is on the layer itself): the item just after it.
      const after = node.childNodes[offset];
      const next = after ? this.textDivs.findIndex((div) => div === after || div.contains(after)) : -1;
      return next === -1 ? null : this.starts[next]!;
    }
    const div = this.textDivs[index]!;
    if (node === div && node.nodeType !== Node.TEXT_NODE) return this.starts[index]! + (offset === 0 ? 0 : div.textContent!.length);
    let inside = 0;
    const walker = document.createTreeWalker(div, NodeFilter.SHOW_TEXT);
    for (let current = walker.nextNode(); current; current = walker.nextNode()) {
      if (current === node) return this.starts[index]! + inside + offset;
      inside += current.textContent!.length;
    }
    return this.starts[index]! + Math.min(inside, offset);
  }

  /** The DOM position of an offset in `text`. */
  private positionOf(offset: number): { node: Node; offset: number } | null {
    let index = this.starts.findLastIndex((start) => start <= offset);
    if (index === -1) index = 0;
    const div = this.textDivs[index];
    if (!div) return null;
    let remaining = Math.min(offset - this.starts[index]!, div.textContent!.length);
    const walker = document.createTreeWalker(div, NodeFilter.SHOW_TEXT);
    let last: Node | null = null;
    for (let current = walker.nextNode(); current; current = walker.nextNode()) {
      const length = current.textContent!.length;
      if (remaining <= length) return { node: current, offset: remaining };
      remaining -= length;
      last = current;
    }
    return last ? { node: last, offset: last.textContent!.length } : null;
  }

  /** The selector of a DOM range inside the page, or null when it is not in this page's text. */
  selectorOf(range: Range): TextQuoteSelector | null {
    const start = this.offsetOf(range.startContainer, range.startOffset);
    const end = this.offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    const selector = describeRange(this.text, { start, end });
    return selector.quote ? selector : null;
  }

  /** Where a selector is on this page (best context), or null. */
  locate(selector: TextQuoteSelector): TextRange | null {
    return findQuote(this.text, selector)[0] ?? null;
  }

  /**
   * Rectangles of a text range, in fractions of `page`'s padding box — the box the overlay is laid in
   * (`inset: 0`), inside pdf.js's page border — so that a highlight sits exactly on the words, zoom-proof.
   */
  rectsOf(range: TextRange, page: HTMLElement): { x: number; y: number; width: number; height: number }[] {
    const start = this.positionOf(range.start);
    const end = this.positionOf(range.end);
    if (!start || !end) return [];
    const dom = document.createRange();
    dom.setStart(start.node, start.offset);
    dom.setEnd(end.node, end.offset);
    const outer = page.getBoundingClientRect();
    const box = { left: outer.left + page.clientLeft, top: outer.top + page.clientTop, width: page.clientWidth, height: page.clientHeight };
    if (box.width === 0 || box.height === 0) return [];
    return [...dom.getClientRects()]
      .filter((rect) => rect.width > 0.5 && rect.height > 0.5)
      .map((rect) => ({
        x: clamp((rect.left - box.left) / box.width),
        y: clamp((rect.top - box.top) / box.height),
        width: clamp(rect.width / box.width),
        height: clamp(rect.height / box.height),
      }));
  }
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));
