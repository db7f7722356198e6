import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { AnnotationMode, type PDFDocumentProxy } from 'pdfjs-dist';
import { EventBus, PDFFindController, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import 'pdfjs-dist/web/pdf_viewer.css';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { TextQuoteSelector } from '@shared/text-quote';
import type { AnnotationRectInput } from '../graphql/generated/graphql.ts';
import { messages } from '../i18n/messages.ts';
import { openPdf, type ByteReader } from './pdf-source.ts';
import { PageText } from './text-layer.ts';
import type { ShownAnnotation } from './use-annotations.ts';

const m = messages.reader;

export interface TextSelection {
  pageNumber: number;
  selector: TextQuoteSelector;
  rects: AnnotationRectInput[];
}

interface Props {
  sizeBytes: number;
  read: ByteReader;
  versionId: string;
  annotations: readonly ShownAnnotation[];
  /** Page to show, set by the annotation list (`request` changes on every demand). */
  goTo: { page: number; request: number } | null;
  onHighlight: (selection: TextSelection) => void;
  onPageNote: (pageNumber: number) => void;
  /** More of the toolbar (full screen, the annotations drawer, the next document). */
  children?: ReactNode;
}

/** The zoom a reader may choose: pdf.js's fitted modes or a scale, within these bounds. */
const minScale = 0.25;
const maxScale = 5;
const clampScale = (scale: number) => Math.min(maxScale, Math.max(minScale, scale));
type Fit = 'page-width' | 'page-fit';

/** Distance between the two first touches of a gesture. */
function spread(touches: TouchList): number {
  const [a, b] = [touches[0]!, touches[1]!];
  return Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
}

interface Viewer {
  pdf: PDFDocumentProxy;
  viewer: PDFViewer;
  eventBus: EventBus;
  texts: Map<number, PageText>;
}

/** The page element (`.page`, from pdf.js) holding a DOM node, and its number. */
function pageOf(node: Node | null): { element: HTMLElement; number: number } | null {
  const element = (node instanceof Element ? node : node?.parentElement)?.closest<HTMLElement>('.page[data-page-number]');
  return element ? { element, number: Number(element.dataset.pageNumber) } : null;
}

/**
 * The PDF reader: pdf.js's viewer (pages rendered as they come into view, text layer for selection and
 * search), fed range by range; the author's annotations drawn over the pages they anchor on.
 */
export function PdfViewer({ sizeBytes, read, versionId, annotations, goTo, onHighlight, onPageNote, children }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<HTMLDivElement>(null);
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [status, setStatus] = useState<'opening' | 'ready' | 'failed'>('opening');
  const [page, setPage] = useState({ number: 1, count: 0 });
  const [selection, setSelection] = useState<TextSelection | null>(null);
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState({ current: 0, total: 0, searched: false });
  const [zoom, setZoom] = useState<{ percent: number; fit: Fit | null }>({ percent: 100, fit: 'page-width' });
  const annotationsRef = useRef(annotations);
  annotationsRef.current = annotations;

  /** Draws the annotations of one page over it (fractions of the page: zoom changes nothing). */
  const draw = (state: Viewer, pageNumber: number) => {
    const pageView = state.viewer.getPageView(pageNumber - 1);
    const pageElement: HTMLElement | undefined = pageView?.div;
    if (!pageElement) return;
    let layer = pageElement.querySelector<HTMLElement>(':scope > .cartable-annotation-layer');
    if (!layer) {
      layer = document.createElement('div');
      layer.className = 'cartable-annotation-layer';
      layer.setAttribute('aria-hidden', 'true');
      pageElement.append(layer);
    }
    layer.replaceChildren();
    const text = state.texts.get(pageNumber);
    for (const annotation of annotationsRef.current) {
      if (annotation.pageNumber !== pageNumber) continue;
      const quote = annotation.anchoredQuote ?? annotation.quote;
      let rects = annotation.versionId === versionId ? annotation.rects : null;
      if (!rects?.length && quote && text) {
        const range = text.locate({ quote, prefix: annotation.prefix, suffix: annotation.suffix });
        rects = range ? text.rectsOf(range, pageElement) : null;
      }
      if (!quote) {
        const marker = document.createElement('div');
        marker.className = 'cartable-page-note fr-icon-chat-3-fill';
        layer.append(marker);
      }
      for (const rect of rects ?? []) {
        const mark = document.createElement('div');
        mark.className = `cartable-highlight${annotation.pending ? ' cartable-highlight--pending' : ''}`;
        mark.dataset.annotationId = annotation.id;
        Object.assign(mark.style, {
          left: `${rect.x * 100}%`,
          top: `${rect.y * 100}%`,
          width: `${rect.width * 100}%`,
          height: `${rect.height * 100}%`,
        });
        layer.append(mark);
      }
    }
  };

  useEffect(() => {
    let cancelled = false;
    let cleanup = () => {};
    setStatus('opening');
    (async () => {
      const task = await openPdf(sizeBytes, read, () => setStatus('failed'));
      cleanup = () => void task.destroy();
      const pdf = await task.promise;
      if (cancelled) return;
      const eventBus = new EventBus();
      const linkService = new PDFLinkService({ eventBus });
      const findController = new PDFFindController({ eventBus, linkService });
      const pdfViewer = new PDFViewer({
        container: containerRef.current!,
        viewer: viewerRef.current!,
        eventBus,
        linkService,
        findController,
        textLayerMode: 1,
        annotationMode: AnnotationMode.ENABLE,
      });
      linkService.setViewer(pdfViewer);
      const state: Viewer = { pdf, viewer: pdfViewer, eventBus, texts: new Map() };
      eventBus.on('pagesinit', () => {
        pdfViewer.currentScaleValue = 'page-width';
        setPage({ number: 1, count: pdf.numPages });
        setStatus('ready');
      });
      eventBus.on('pagechanging', ({ pageNumber }: { pageNumber: number }) => setPage({ number: pageNumber, count: pdf.numPages }));
      eventBus.on('scalechanging', ({ scale, presetValue }: { scale: number; presetValue?: string }) =>
        setZoom({ percent: Math.round(scale * 100), fit: presetValue === 'page-width' || presetValue === 'page-fit' ? presetValue : null }),
      );
      eventBus.on('pagerendered', ({ pageNumber }: { pageNumber: number }) => {
        // For the benchmark (scripts/bench/pdf-first-page.mjs): when page 1 was first drawn.
        if (pageNumber === 1 && performance.getEntriesByName('cartable:first-page').length === 0) performance.mark('cartable:first-page');
      });
      eventBus.on('textlayerrendered', ({ pageNumber }: { pageNumber: number }) => {
        const highlighter = pdfViewer.getPageView(pageNumber - 1)?.textLayer?.highlighter;
        if (highlighter?.textDivs && highlighter.textContentItemsStr) {
          state.texts.set(pageNumber, new PageText(highlighter.textDivs, highlighter.textContentItemsStr));
        }
        draw(state, pageNumber);
      });
      eventBus.on('updatefindmatchescount', ({ matchesCount }: { matchesCount: { current: number; total: number } }) =>
        setMatches({ ...matchesCount, searched: true }),
      );
      eventBus.on('updatefindcontrolstate', ({ matchesCount }: { matchesCount: { current: number; total: number } }) =>
        setMatches({ ...matchesCount, searched: true }),
      );
      pdfViewer.setDocument(pdf);
      linkService.setDocument(pdf);
      // Fitted (to the width, or the whole page) until the reader zooms: a phone turned sideways, or the
      // full screen, refits the page.
      const resize = new ResizeObserver(() => {
        const fit = pdfViewer.currentScaleValue;
        if (fit === 'page-width' || fit === 'page-fit') pdfViewer.currentScaleValue = fit;
      });
      resize.observe(containerRef.current!);
      const destroy = cleanup;
      cleanup = () => {
        resize.disconnect();
        destroy();
      };
      setViewer(state);
    })().catch(() => !cancelled && setStatus('failed'));
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [sizeBytes, read]);

  // Redraw when the annotations change (a new highlight, a sync, a re-anchoring).
  useEffect(() => {
    if (!viewer) return;
    for (const pageNumber of viewer.texts.keys()) draw(viewer, pageNumber);
  }, [viewer, annotations]);

  useEffect(() => {
    if (viewer && goTo) viewer.viewer.currentPageNumber = Math.min(Math.max(goTo.page, 1), viewer.pdf.numPages);
  }, [viewer, goTo]);

  // Touch: two fingers pinch the zoom; one finger swiped sideways turns the page when the page fits the
  // width (no sideways scrolling to do). A trackpad's pinch arrives as a wheel with the Ctrl key.
  useEffect(() => {
    const container = containerRef.current;
    if (!viewer || !container) return;
    let pinch: { distance: number; scale: number } | null = null;
    let swipe: { x: number; y: number } | null = null;
    const onStart = (event: TouchEvent) => {
      if (event.touches.length === 2) {
        pinch = { distance: spread(event.touches), scale: viewer.viewer.currentScale };
        swipe = null;
      } else if (event.touches.length === 1) {
        swipe = { x: event.touches[0]!.clientX, y: event.touches[0]!.clientY };
      }
    };
    const onMove = (event: TouchEvent) => {
      if (!pinch || event.touches.length !== 2) return;
      event.preventDefault();
      viewer.viewer.currentScale = clampScale((pinch.scale * spread(event.touches)) / pinch.distance);
    };
    const onEnd = (event: TouchEvent) => {
      if (event.touches.length < 2) pinch = null;
      const touch = event.changedTouches[0];
      if (!swipe || !touch || event.touches.length > 0) return;
      const dx = touch.clientX - swipe.x;
      const dy = touch.clientY - swipe.y;
      swipe = null;
      const scrollsSideways = container.scrollWidth > container.clientWidth + 1;
      if (scrollsSideways || Math.abs(dx) < 60 || Math.abs(dx) < 2 * Math.abs(dy)) return;
      const target = viewer.viewer.currentPageNumber + (dx < 0 ? 1 : -1);
      if (target >= 1 && target <= viewer.pdf.numPages) viewer.viewer.currentPageNumber = target;
    };
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey) return;
      event.preventDefault();
      viewer.viewer.currentScale = clampScale(viewer.viewer.currentScale * Math.exp(-event.deltaY / 300));
    };
    container.addEventListener('touchstart', onStart, { passive: true });
    container.addEventListener('touchmove', onMove, { passive: false });
    container.addEventListener('touchend', onEnd);
    container.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      container.removeEventListener('touchstart', onStart);
      container.removeEventListener('touchmove', onMove);
      container.removeEventListener('touchend', onEnd);
      container.removeEventListener('wheel', onWheel);
    };
  }, [viewer]);

  const setScale = (scale: number) => viewer && (viewer.viewer.currentScale = clampScale(scale));
  const fit = (mode: Fit) => viewer && (viewer.viewer.currentScaleValue = mode);

  // What is selected in the text layer, as a text quote selector on its page.
  useEffect(() => {
    if (!viewer) return;
    const onSelection = () => {
      const current = document.getSelection();
      if (!current || current.isCollapsed || current.rangeCount === 0 || !containerRef.current?.contains(current.anchorNode)) {
        setSelection(null);
        return;
      }
      const range = current.getRangeAt(0);
      const start = pageOf(range.startContainer);
      const text = start && viewer.texts.get(start.number);
      const selector = text?.selectorOf(range);
      setSelection(
        start && text && selector
          ? { pageNumber: start.number, selector, rects: text.rectsOf(text.locate(selector)!, start.element) }
          : null,
      );
    };
    document.addEventListener('selectionchange', onSelection);
    return () => document.removeEventListener('selectionchange', onSelection);
  }, [viewer]);

  const find = (type: '' | 'again', previous = false) =>
    viewer?.eventBus.dispatch('find', {
      source: null,
      type,
      query,
      caseSensitive: false,
      entireWord: false,
      highlightAll: true,
      findPrevious: previous,
      matchDiacritics: false,
    });

  /** The match the search selected, as a selection (keyboard users highlight through the search). */
  const selectedMatch = (): TextSelection | null => {
    const marks = containerRef.current?.querySelectorAll<HTMLElement>('.textLayer .highlight.selected');
    if (!viewer || !marks || marks.length === 0) return null;
    const first = marks[0]!;
    const last = marks[marks.length - 1]!;
    const start = pageOf(first);
    const text = start && viewer.texts.get(start.number);
    if (!start || !text) return null;
    const range = document.createRange();
    range.setStart(first.firstChild ?? first, 0);
    range.setEnd(last.firstChild ?? last, (last.firstChild ?? last).textContent!.length);
    const selector = text.selectorOf(range);
    return selector ? { pageNumber: start.number, selector, rects: text.rectsOf(text.locate(selector)!, start.element) } : null;
  };

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    find('');
  };

  return (
    <div className="cartable-reader__viewer-area">
      <div className="cartable-reader__toolbar" role="toolbar" aria-label={m.page(page.number, page.count)}>
        <div className="cartable-reader__pages">
          <Button
            iconId="fr-icon-arrow-up-s-line"
            priority="tertiary"
            size="small"
            title={m.previousPage}
            disabled={page.number <= 1}
            onClick={() => viewer && (viewer.viewer.currentPageNumber = page.number - 1)}
          />
          <span aria-live="polite">{page.count > 0 && m.page(page.number, page.count)}</span>
          <Button
            iconId="fr-icon-arrow-down-s-line"
            priority="tertiary"
            size="small"
            title={m.nextPage}
            disabled={page.number >= page.count}
            onClick={() => viewer && (viewer.viewer.currentPageNumber = page.number + 1)}
          />
        </div>
        <div className="cartable-reader__zoom" role="group" aria-label={m.zoomGroup}>
          <Button
            iconId="fr-icon-zoom-out-line"
            priority="tertiary"
            size="small"
            title={m.zoomOut}
            disabled={!viewer || zoom.percent <= minScale * 100}
            onClick={() => setScale(viewer!.viewer.currentScale / 1.25)}
          />
          <output className="cartable-reader__percent" aria-label={m.zoomLevel(zoom.percent)}>
            {zoom.percent} %
          </output>
          <Button
            iconId="fr-icon-zoom-in-line"
            priority="tertiary"
            size="small"
            title={m.zoomIn}
            disabled={!viewer || zoom.percent >= maxScale * 100}
            onClick={() => setScale(viewer!.viewer.currentScale * 1.25)}
          />
          <Button
            priority={zoom.fit === 'page-width' ? 'secondary' : 'tertiary'}
            size="small"
            nativeButtonProps={{ 'aria-pressed': zoom.fit === 'page-width' }}
            disabled={!viewer}
            onClick={() => fit('page-width')}
          >
            {m.fitWidth}
          </Button>
          <Button
            priority={zoom.fit === 'page-fit' ? 'secondary' : 'tertiary'}
            size="small"
            nativeButtonProps={{ 'aria-pressed': zoom.fit === 'page-fit' }}
            disabled={!viewer}
            onClick={() => fit('page-fit')}
          >
            {m.fitPage}
          </Button>
        </div>
        <form noValidate className="cartable-reader__search" onSubmit={onSearch} role="search">
          <Input
            label={m.searchLabel}
            nativeInputProps={{ type: 'search', value: query, onChange: (event) => setQuery(event.target.value) }}
          />
          <Button
            iconId="fr-icon-arrow-up-line"
            priority="tertiary"
            size="small"
            type="button"
            title={m.searchPrevious}
            disabled={!matches.total}
            onClick={() => find('again', true)}
          />
          <Button
            iconId="fr-icon-arrow-down-line"
            priority="tertiary"
            size="small"
            type="button"
            title={m.searchNext}
            disabled={!query}
            onClick={() => find(matches.searched ? 'again' : '')}
          />
          <span aria-live="polite" className="fr-text--sm">
            {matches.searched && m.searchResults(matches.current, matches.total)}
          </span>
        </form>
        <div className="cartable-reader__actions">
          <Button iconId="fr-icon-mark-pen-line" size="small" disabled={!selection} onClick={() => selection && onHighlight(selection)}>
            {m.highlightSelection}
          </Button>
          <Button
            iconId="fr-icon-mark-pen-line"
            size="small"
            priority="secondary"
            disabled={!matches.total}
            onClick={() => {
              const match = selectedMatch();
              if (match) onHighlight(match);
            }}
          >
            {m.highlightMatch}
          </Button>
          <Button
            iconId="fr-icon-chat-3-line"
            size="small"
            priority="secondary"
            disabled={page.count === 0}
            onClick={() => onPageNote(page.number)}
          >
            {m.addPageNote}
          </Button>
        </div>
        {children}
      </div>
      {status === 'opening' && <p role="status">{m.opening}</p>}
      {status === 'failed' && (
        <p role="alert" className="fr-message fr-message--error">
          {m.loadFailed}
        </p>
      )}
      <div className="cartable-reader__frame">
        <div ref={containerRef} className="cartable-reader__container" tabIndex={0} aria-label={m.page(page.number, page.count)}>
          <div ref={viewerRef} className="pdfViewer" />
        </div>
      </div>
    </div>
  );
}
