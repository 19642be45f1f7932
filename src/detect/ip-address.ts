import { isIPv6 } from 'node:net';
import { type ContextSpec, execAll, makeFinding } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * IP_ADDRESS — IPv4 dotted quads (each octet 0–255, no leading zeros) and IPv6 in the RFC 4291
 * §2.2 text forms (checked with node:net). A quad preceded by "版本/version/v" is a version.
 */
const RE4 =
  /(?<![0-9A-Za-z.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![0-9A-Za-z]|\.\d)(?:\/\d{1,2}(?!\d))?/g;
/** IPv6 candidates are grown around each ':' (a regex starting with an optional class would be tried at every character). */
const HEXCOLON = /[0-9A-Fa-f:.]/;
function ipv6Candidates(text: string): { index: number; s: string }[] {
  const out: { index: number; s: string }[] = [];
  let c = text.indexOf(':');
  while (c >= 0) {
    let a = c;
    while (a > 0 && c - a < 45 && HEXCOLON.test(text[a - 1])) a--;
    let b = c + 1;
    while (b < text.length && b - a < 50 && HEXCOLON.test(text[b])) b++;
    const s = text.slice(a, b);
    if (s.indexOf(':') !== s.lastIndexOf(':')) out.push({ index: a, s });
    c = text.indexOf(':', b);
  }
  return out;
}

const IP_CONTEXT: ContextSpec = {
  words: [
    'ip',
    '地址',
    '登录',
    '访问',
    '服务器',
    '主机',
    'host',
    'server',
    'client',
    'login',
    'address',
    '来源',
  ],
  negative: ['版本', 'version', 'build', 'release', '固件', 'firmware'],
  penalty: 0.6,
};

export const ipAddressDetector: Detector = {
  type: 'IP_ADDRESS',
  needsDigit: true,
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    if (text.includes('.')) {
      for (const m of execAll(RE4, text)) {
        const f = makeFinding(
          text,
          'IP_ADDRESS',
          'ipv4',
          m.index,
          m.index + m[0].length,
          0.8,
          IP_CONTEXT,
          'IPv4 dotted quad',
          true,
        );
        // A quad starting with 255 is a netmask (255.255.255.0) or a broadcast address, which
        // identifies no host (RFC 950 subnet masks; RFC 919 limited broadcast).
        if (m[0].startsWith('255.')) f.score = Math.min(f.score, 0.2);
        // "v1.2.3.4": a version right before the quad.
        const prev = text.slice(Math.max(0, m.index - 2), m.index).toLowerCase();
        if (/v ?$/.test(prev)) f.score = Math.min(f.score, 0.2);
        out.push(f);
      }
    }
    if (text.includes(':')) {
      for (const m of ipv6Candidates(text)) {
        let s = m.s;
        let start = m.index;
        while (s.startsWith('.') || (s.startsWith(':') && !s.startsWith('::'))) {
          s = s.slice(1);
          start++;
        }
        while (s.endsWith('.') || (s.endsWith(':') && !s.endsWith('::'))) s = s.slice(0, -1);
        if (s.length < 3 || !isIPv6(s)) {
          // Leading "x:" labels (e.g. "IP:fe80::1") are not part of the address.
          const c = s.indexOf(':');
          const rest = s.slice(c + 1);
          if (c > 0 && rest.length >= 3 && isIPv6(rest) && !rest.startsWith(':')) {
            start += c + 1;
            s = rest;
          } else continue;
        }
        if (s === '::') continue;
        const before = start > 0 ? text.charCodeAt(start - 1) : 32;
        const after = start + s.length < text.length ? text.charCodeAt(start + s.length) : 32;
        if (/[0-9A-Za-z]/.test(String.fromCharCode(before)) || /[0-9A-Za-z]/.test(String.fromCharCode(after)))
          continue;
        out.push(
          makeFinding(
            text,
            'IP_ADDRESS',
            'ipv6',
            start,
            start + s.length,
            0.85,
            IP_CONTEXT,
            'IPv6 address',
            true,
          ),
        );
      }
    }
    return out;
  },
};
