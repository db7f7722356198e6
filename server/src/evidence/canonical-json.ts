import canonicalize from 'canonicalize';

/**
 * The JSON Canonicalization Scheme (RFC 8785, the `canonicalize` library): object keys sorted by UTF-16
 * code unit, no white space, numbers and strings as ECMAScript writes them. The same data always hashes
 * the same, whatever the key order PostgreSQL's jsonb gives back. For every value stored so far the
 * bytes are those of the encoder this replaced (test/evidence/canonical-json.test.ts holds their hashes),
 * so proofs made before keep verifying. Refused: non-finite numbers, lone surrogates, functions and
 * symbols — nothing a hash should silently drop.
 */
export function canonicalJson(value: unknown): string {
  assertEncodable(value);
  return canonicalize(value)!;
}

function assertEncodable(value: unknown): void {
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' || value === undefined) {
    throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
  }
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new TypeError('canonical JSON has no representation for a non-finite number');
  if (typeof value === 'string' && !value.isWellFormed()) throw new TypeError('canonical JSON cannot encode a lone surrogate');
  if (Array.isArray(value)) value.forEach(assertEncodable);
  else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) if (item !== undefined) assertEncodable(item);
  }
}
