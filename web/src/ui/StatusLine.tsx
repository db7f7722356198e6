import { useState } from 'react';

/** The line that says what the last action did, read out by screen readers; hidden while empty. */
export function StatusLine({ text }: { text: string }) {
  return (
    <p role="status" aria-live="polite" className="cartable-status-line fr-text--sm">
      {text}
    </p>
  );
}

/** The status line's text, and what a screen calls once an action is done: say so, then read its data again. */
export function useAnnouncement(refetch: () => Promise<unknown>) {
  const [announcement, setAnnouncement] = useState('');
  const done = async (message: string) => {
    setAnnouncement(message);
    await refetch();
  };
  return { announcement, setAnnouncement, done };
}
