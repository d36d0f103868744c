// Every view has an address: which session (or which two runs compared), the playhead exactly, the
// visible window, and the selected event, AST node and flow. The web build keeps it in the URL's
// fragment (`#s=...&t=...`), so a link reopens the same view and back/forward move between views;
// the desktop app opens the same fragment behind a `cinema://open` link. Times are absolute, as the
// exact decimal integers of the session's clock, so a link means the same moment on any machine.

export interface Address {
  session?: string;
  /** Two runs compared: A and B. */
  compare?: { a: string; b: string };
  /** The playhead, absolute, exact. */
  t?: string;
  /** The visible window, absolute, exact. */
  window?: [string, string];
  event?: string;
  node?: string;
  flow?: string;
}

/** The scheme the desktop app registers; its links carry the web build's fragment. */
export const LINK_SCHEME = 'cinema:';
export const LINK_PREFIX = 'cinema://open';

const INTEGER = /^-?\d+$/;

/** The fragment for an address (without '#'); empty for the library. */
export function encodeAddress(a: Address): string {
  const parts: string[] = [];
  const put = (k: string, v: string | undefined) => v !== undefined && parts.push(`${k}=${encodeURIComponent(v)}`);
  if (a.compare) put('c', `${a.compare.a}~${a.compare.b}`);
  put('s', a.session);
  put('t', a.t);
  if (a.window) put('w', `${a.window[0]}~${a.window[1]}`);
  put('e', a.event);
  put('n', a.node);
  put('f', a.flow);
  return parts.join('&');
}

/**
 * The address a fragment (or a whole `cinema://open#...` link, or a page URL) names; throws an
 * error saying what is wrong with it.
 */
export function decodeAddress(text: string): Address {
  const hash = text.includes('#') ? text.slice(text.indexOf('#') + 1) : text;
  const out: Address = {};
  if (hash.trim() === '') return out;
  for (const part of hash.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 1) throw new Error(`the link's part "${part}" is not key=value`);
    const key = part.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1));
    } catch {
      throw new Error(`the link's ${key} is not valid URL text`);
    }
    const pair = () => {
      const [x, y, ...more] = value.split('~');
      if (!x || !y || more.length > 0) throw new Error(`the link's ${key} should be two values joined by ~, found "${value}"`);
      return [x, y] as [string, string];
    };
    const time = (v: string) => {
      if (!INTEGER.test(v)) throw new Error(`the link's ${key} should be an integer time, found "${v}"`);
      return v;
    };
    switch (key) {
      case 's':
        out.session = value;
        break;
      case 'c': {
        const [a, b] = pair();
        out.compare = { a, b };
        break;
      }
      case 't':
        out.t = time(value);
        break;
      case 'w': {
        const [a, b] = pair().map(time);
        out.window = [a, b];
        break;
      }
      case 'e':
        out.event = value;
        break;
      case 'n':
        out.node = value;
        break;
      case 'f':
        out.flow = value;
        break;
      default:
        // A newer Cinema may add parts: ignored, the rest still opens.
        break;
    }
  }
  return out;
}

/** Whether two addresses name the same place (session, comparison, selection), times aside. */
export function samePlace(a: Address, b: Address): boolean {
  return (
    a.session === b.session &&
    a.compare?.a === b.compare?.a &&
    a.compare?.b === b.compare?.b &&
    a.event === b.event &&
    a.node === b.node &&
    a.flow === b.flow
  );
}
