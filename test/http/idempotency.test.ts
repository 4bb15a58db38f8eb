import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/http/idempotency.js';

describe('canonical request bodies', () => {
  it('hash equal bodies equally whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      canonicalJson({ a: { c: 'x', d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });

  it('tell different bodies apart, array order included', () => {
    expect(canonicalJson({ seats: ['A-1', 'A-2'] })).not.toBe(canonicalJson({ seats: ['A-2', 'A-1'] }));
    expect(canonicalJson({ quantity: 2 })).not.toBe(canonicalJson({ quantity: '2' }));
  });

  it('treat an absent field and an undefined one alike', () => {
    expect(canonicalJson({ quantity: 2, category: undefined })).toBe(canonicalJson({ quantity: 2 }));
  });
});
