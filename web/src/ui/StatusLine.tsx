/** The line that says what the last action did, read out by screen readers; hidden while empty. */
export function StatusLine({ text }: { text: string }) {
  return (
    <p role="status" aria-live="polite" className="cartable-status-line fr-text--sm">
      {text}
    </p>
  );
}
