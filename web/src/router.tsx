import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { matchPath } from '../../src/http/page-paths.js';

/** The page's own history-API router: a path is the whole state, so a link can be shared. */
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** The watch for the next page's heading, while one runs. */
let headingWatch: number | null = null;

/**
 * After a navigation, the focus goes to the new page's heading (its `main h1`, made focusable),
 * so that a keyboard or screen reader user starts there rather than at the top of the document,
 * where the focus falls when the link they used is gone. The heading may come only once the page's
 * data has loaded: it is looked for at each frame, for a few seconds; the old page's heading, still
 * there at first, is not taken for it unless it stays. A field the new page focuses itself keeps
 * the focus.
 */
function focusHeadingOfNextPage(): void {
  const previous = document.querySelector('main h1');
  const started = performance.now();
  if (headingWatch !== null) cancelAnimationFrame(headingWatch);
  const look = () => {
    const waited = performance.now() - started;
    const heading = document.querySelector<HTMLElement>('main h1');
    if (heading !== null && (heading !== previous || waited > 500)) {
      headingWatch = null;
      const active = document.activeElement;
      if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement) return;
      if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
      return;
    }
    headingWatch = waited < 5000 ? requestAnimationFrame(look) : null;
  };
  headingWatch = requestAnimationFrame(look);
}

/** Goes to a path of the page without reloading it; the focus goes to the new page's heading. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace === true) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  focusHeadingOfNextPage();
  for (const listener of listeners) listener();
  window.scrollTo(0, 0);
}

/** The current path and query string, re-rendering on every navigation. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, () => window.location.pathname + window.location.search);
  const url = new URL(href, window.location.origin);
  return { path: url.pathname, search: url.searchParams };
}

/** Matches a pattern of PAGE_PATHS against a path; the named parts, or null. */
export const match = matchPath;

/** A real link (opens in a new tab, copies) that navigates in place on a plain click. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
