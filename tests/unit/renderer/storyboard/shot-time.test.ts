// Shot lengths as the fields show and read them: seconds at the edges, whole frames inside.
import { describe, expect, it } from 'vitest';
import { formatSeconds, parseLength } from '../../../../renderer/storyboard/shot-time';

describe('lengths in seconds', () => {
  it('shows frames as seconds with at most two decimals', () => {
    expect(formatSeconds(90, 30)).toBe('3');
    expect(formatSeconds(75, 30)).toBe('2.5');
    expect(formatSeconds(1, 30)).toBe('0.03');
  });

  it('reads seconds or a time code as whole frames, refusing what is too short or not a length', () => {
    expect(parseLength('2.5', 30)).toBe(75);
    expect(parseLength('2.5s', 30)).toBe(75);
    expect(parseLength('0:02:15', 30)).toBe(75);
    expect(parseLength('0', 30)).toBeNull();
    expect(parseLength('0', 30, 0)).toBe(0);
    expect(parseLength('soon', 30)).toBeNull();
  });
});
