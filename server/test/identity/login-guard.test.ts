import { describe, expect, it } from 'vitest';
import { clientAddressKey } from '../../src/auth/embedded-provider/login-guard.js';

describe('clientAddressKey', () => {
  it('keeps an IPv4 address, also when mapped in IPv6', () => {
    expect(clientAddressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(clientAddressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
  });

  it('reduces an IPv6 address to its /64 network, however it is written', () => {
    expect(clientAddressKey('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:0db8:0001:0002:ffff:0:0:1')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddressKey('2001::1:2:3:4:192.0.2.7')).toBe('2001:0:1:2::/64');
    expect(clientAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('has a key for a request without address', () => {
    expect(clientAddressKey(undefined)).toBe('unknown');
  });
});
