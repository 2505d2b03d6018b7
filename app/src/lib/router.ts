/**
 * A small hash router: `#/`, `#/appeal/<address>`, `#/organizer`, `#/audit/<address>`… A new page
 * opens at its top; Back and Forward return to where the person was on that page (each history
 * entry is stamped with an index, and the scroll position of each index is kept for the session).
 */
import { useEffect, useState } from "react";

export type Route = { page: string; param?: string; param2?: string; query: URLSearchParams };

export function parseHash(hash: string): Route {
  const [path, search = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  return {
    page: parts[0] ?? "appeals",
    param: parts[1],
    param2: parts[2],
    query: new URLSearchParams(search),
  };
}

const POSITIONS_KEY = "handover.scroll";

function positions(): Record<string, number> {
  try {
    return JSON.parse(sessionStorage.getItem(POSITIONS_KEY) ?? "{}") as Record<string, number>;
  } catch {
    return {};
  }
}

function entryIndex(): number | undefined {
  const idx = (history.state as { handoverIndex?: number } | null)?.handoverIndex;
  return typeof idx === "number" ? idx : undefined;
}

/** Gives the current history entry an index (once) and returns it. */
function stamp(): number {
  const existing = entryIndex();
  if (existing !== undefined) return existing;
  const next = Number(sessionStorage.getItem(`${POSITIONS_KEY}.next`) ?? "0") + 1;
  sessionStorage.setItem(`${POSITIONS_KEY}.next`, String(next));
  history.replaceState({ ...(history.state ?? {}), handoverIndex: next }, "");
  return next;
}

/** Scrolls to `y` once the page is tall enough (its content loads after the route changes). */
function restore(y: number) {
  const until = Date.now() + 4_000;
  const step = () => {
    if (document.documentElement.scrollHeight - window.innerHeight >= y || Date.now() > until) {
      window.scrollTo(0, y);
      return;
    }
    requestAnimationFrame(step);
  };
  step();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    history.scrollRestoration = "manual";
    let current = stamp();
    let lastY = window.scrollY;
    const onScroll = () => {
      lastY = window.scrollY;
    };
    const onChange = () => {
      const saved = positions();
      saved[current] = lastY;
      sessionStorage.setItem(POSITIONS_KEY, JSON.stringify(saved));
      const revisited = entryIndex();
      current = stamp();
      setRoute(parseHash(window.location.hash));
      if (revisited !== undefined && saved[revisited] !== undefined) restore(saved[revisited]);
      else window.scrollTo?.(0, 0);
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("hashchange", onChange);
    return () => {
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("hashchange", onChange);
    };
  }, []);
  return route;
}

export const href = (page: string, param?: string, param2?: string) =>
  `#/${page}${param ? `/${param}` : ""}${param && param2 ? `/${param2}` : ""}`;
