/** A small hash router: `#/`, `#/appeal/<address>`, `#/organizer`, `#/audit/<address>`… */
import { useEffect, useState } from "react";

export type Route = { page: string; param?: string; query: URLSearchParams };

export function parseHash(hash: string): Route {
  const [path, search = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  return { page: parts[0] ?? "appeals", param: parts[1], query: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      setRoute(parseHash(window.location.hash));
      window.scrollTo?.(0, 0);
    };
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

export const href = (page: string, param?: string) => `#/${page}${param ? `/${param}` : ""}`;
