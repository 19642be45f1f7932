import { describe, expect, it } from 'vitest';
import { WumingError } from '../../../src/errors.js';
import { buildCoordinates } from '../../../src/hierarchy/builders/coordinates.js';
import { buildHierarchy, suggestHierarchy } from '../../../src/hierarchy/builders/index.js';

describe('coordinates hierarchy (grid cells for latitude,longitude)', () => {
  const leaves = [
    '30.123456,120.654321',
    '30.129999,120.650001',
    '-33.8675,151.2070',
    '30.1,120.6',
    '39.9, 116.4',
  ];

  it('truncates both coordinates per level, then the top value', () => {
    const h = buildCoordinates('gps', leaves);
    expect(h.maps.length).toBe(6);
    const label = (leaf: string, level: number) => h.labels[level][h.maps[level][leaves.indexOf(leaf)]];
    expect(label('30.123456,120.654321', 1)).toBe('30.123,120.654');
    expect(label('30.123456,120.654321', 2)).toBe('30.12,120.65');
    expect(label('30.129999,120.650001', 2)).toBe('30.12,120.65');
    expect(label('30.123456,120.654321', 4)).toBe('30,120');
    // Fewer decimals than the level keeps: padded, still the same cell as its finer neighbours.
    expect(label('30.1,120.6', 1)).toBe('30.100,120.600');
    expect(label('-33.8675,151.2070', 3)).toBe('-33.8,151.2');
    expect(label('39.9, 116.4', 4)).toBe('39,116');
    expect(label('30.1,120.6', 5)).toBe('*');
  });

  it('cells nest: two leaves in one cell at a level stay together above it', () => {
    const h = buildCoordinates('gps', leaves, { decimals: [4, 2, 1] });
    for (let level = 1; level < h.maps.length - 1; level++)
      for (let a = 0; a < leaves.length; a++)
        for (let b = 0; b < leaves.length; b++)
          if (h.maps[level][a] === h.maps[level][b]) expect(h.maps[level + 1][a]).toBe(h.maps[level + 1][b]);
  });

  it('refuses values that are not coordinates, with a count and no value', () => {
    try {
      buildCoordinates('gps', ['30.1,120.2', 'home 13800138000', '95.0,10.0']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WumingError);
      const msg = (e as Error).message;
      expect(msg).toMatch(/2 values are not a latitude,longitude pair/);
      expect(msg).not.toContain('13800138000');
    }
  });

  it('is a policy builder and the suggestion for GPS columns', () => {
    expect(
      buildHierarchy({ type: 'coordinates', decimals: [2, 0] }, leaves, { column: 'gps' }).maps.length,
    ).toBe(4);
    expect(() => buildHierarchy({ type: 'coordinates', decimals: [1, 2] }, leaves)).toThrow(
      /strictly decreasing/,
    );
    expect(suggestHierarchy('gps', leaves).spec.type).toBe('coordinates');
  });
});
