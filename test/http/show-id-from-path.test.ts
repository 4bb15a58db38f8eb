import { describe, expect, it } from 'vitest';
import { showIdFromPath } from '../../src/http/middleware/forward.js';

describe('showIdFromPath', () => {
  it('reads the show id of any /api/shows/:showId path', () => {
    expect(showIdFromPath('/api/shows/concert_2025')).toBe('concert_2025');
    expect(showIdFromPath('/api/shows/concert_2025/holds')).toBe('concert_2025');
    expect(showIdFromPath('/api/shows/concert_2025/holds/h-1/confirm')).toBe('concert_2025');
  });

  it('decodes an escaped id as the router does', () => {
    expect(showIdFromPath('/api/shows/a%20b/holds')).toBe('a b');
    expect(showIdFromPath('/api/shows/%E2%82%AC')).toBe('€');
  });

  it('names no show for other paths or an empty id', () => {
    expect(showIdFromPath('/api/shows')).toBeNull();
    expect(showIdFromPath('/api/shows/')).toBeNull();
    expect(showIdFromPath('/api/shows//holds')).toBeNull();
    expect(showIdFromPath('/api/showsX/s1')).toBeNull();
    expect(showIdFromPath('/api/bookings/b1')).toBeNull();
    expect(showIdFromPath('/shows/s1')).toBeNull();
  });
});
