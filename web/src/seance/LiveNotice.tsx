import type { LiveStatus } from './live-channel.ts';

/**
 * Where the live channel stands, in the screen's own words: a quiet badge while live, a plain warning
 * (read out by screen readers) when it is lost and the room's totals must be entered by hand.
 */
export function LiveNotice({ status, texts }: { status: LiveStatus; texts: { live: string; connecting: string; lost: string } }) {
  return (
    <div role="status" aria-live="polite" className="cartable-live-notice">
      {status === 'live' && <p className="fr-badge fr-badge--success fr-badge--sm">{texts.live}</p>}
      {status === 'connecting' && <p className="fr-badge fr-badge--info fr-badge--sm">{texts.connecting}</p>}
      {status === 'reconnecting' && (
        <div className="fr-alert fr-alert--warning fr-alert--sm">
          <p>{texts.lost}</p>
        </div>
      )}
    </div>
  );
}
