/** Job names of the convocation workers (graphile-worker task identifiers). */
export const convocationTaskNames = {
  deliver: 'convocation.deliver',
  letter: 'convocation.letter',
  remind: 'convocation.remind',
  anchorManifest: 'evidence.anchor-manifest',
} as const;
