import { type ContextSpec, execAll, makeFinding } from './context.js';
import type { Detector, Finding } from './types.js';

/** MAC_ADDRESS — IEEE 802 EUI-48 in colon/dash groups of two, or Cisco dotted groups of four. */
const RE =
  /(?<![0-9A-Za-z:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![0-9A-Za-z]|[:-][0-9A-Fa-f])/g;
/** Cisco form, anchored on its first dot so the regex is not tried at every hex letter. */
const RE_CISCO = /\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Za-z]|\.[0-9A-Fa-f])/g;
const HEX4_BEFORE = /(?<![0-9A-Za-z.])[0-9A-Fa-f]{4}$/;

const MAC_CONTEXT: ContextSpec = {
  words: ['mac', '物理地址', '网卡', '硬件地址', '设备', 'ethernet', 'wifi', 'wi-fi', 'bssid'],
};

export const macAddressDetector: Detector = {
  type: 'MAC_ADDRESS',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    const spans: [number, number][] = [];
    if (text.includes(':') || text.includes('-'))
      for (const m of execAll(RE, text)) spans.push([m.index, m.index + m[0].length]);
    if (text.includes('.')) {
      for (const m of execAll(RE_CISCO, text)) {
        if (HEX4_BEFORE.test(text.slice(Math.max(0, m.index - 5), m.index)))
          spans.push([m.index - 4, m.index + m[0].length]);
      }
    }
    for (const [s, e] of spans) {
      const hexLetters = /[A-Fa-f]/.test(text.slice(s, e));
      out.push(
        makeFinding(
          text,
          'MAC_ADDRESS',
          'mac',
          s,
          e,
          hexLetters ? 0.85 : 0.5,
          MAC_CONTEXT,
          'EUI-48 notation',
          hexLetters,
        ),
      );
    }
    return out;
  },
};
