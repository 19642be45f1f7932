import { type ContextSpec, makeFinding } from './context.js';
import type { Detector, Finding } from './types.js';

/**
 * EMAIL — addr-spec of RFC 5322 restricted to the dot-atom form people write, with a DNS
 * domain whose top label is alphabetic. Found by expanding around each '@' (no regex pass over
 * text that has no '@').
 */
const LOCAL = /[A-Za-z0-9._%+-]/;
const DOMAIN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}/;

/**
 * File extensions that are not DNS top-level domains (IANA root zone): "icon@2x.png" is an image
 * asset name (the @2x/@3x retina suffix), not an address.
 */
const FILE_EXT =
  /\.(?:png|jpe?g|gif|svg|webp|bmp|ico|tiff?|heic|psd|pdf|docx?|xlsx?|pptx?|txt|csv|json|js|ts|css|html?|mp[34]|wav|rar|gz|7z|apk|exe|dll)$/i;

const EMAIL_CONTEXT: ContextSpec = { words: ['邮箱', '邮件', '电邮', 'email', 'e-mail', 'mail'] };

export const emailDetector: Detector = {
  type: 'EMAIL',
  languages: ['*'],
  find(text: string): Finding[] {
    const out: Finding[] = [];
    let at = text.indexOf('@');
    while (at >= 0) {
      let s = at;
      while (s > 0 && at - s < 64 && LOCAL.test(text[s - 1])) s--;
      while (s < at && text[s] === '.') s++;
      const dm = DOMAIN.exec(text.slice(at + 1, at + 256));
      if (s < at && dm && text[at - 1] !== '.' && !FILE_EXT.test(dm[0])) {
        const end = at + 1 + dm[0].length;
        out.push(
          makeFinding(text, 'EMAIL', 'email', s, end, 0.95, EMAIL_CONTEXT, 'email address syntax', true),
        );
        at = text.indexOf('@', end);
      } else at = text.indexOf('@', at + 1);
    }
    return out;
  },
};
