import type { SimRequest } from "./route-table.js";

/**
 * Page-number pagination as GitHub does it: `per_page` (default 30, at most 100) and `page`
 * (from 1), with a `Link` header carrying `next`, `last`, `first` and `prev` where they apply.
 */
export function paginate<T>(
  items: readonly T[],
  request: SimRequest,
  baseUrl: string,
): { page: T[]; headers: Record<string, string> } {
  const perPage = clamp(readInt(request.query.get("per_page"), 30), 1, 100);
  const pageNumber = Math.max(1, readInt(request.query.get("page"), 1));
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const page = items.slice((pageNumber - 1) * perPage, pageNumber * perPage);
  const link = (target: number, rel: string): string => {
    const query = new URLSearchParams(request.query);
    query.set("per_page", String(perPage));
    query.set("page", String(target));
    return `<${baseUrl}${request.path}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pageNumber > 1) links.push(link(Math.min(pageNumber - 1, lastPage), "prev"));
  if (pageNumber < lastPage) links.push(link(pageNumber + 1, "next"), link(lastPage, "last"));
  if (pageNumber > 1) links.push(link(1, "first"));
  return { page, headers: links.length === 0 ? {} : { link: links.join(", ") } };
}

function readInt(raw: string | null, fallback: number): number {
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  return Number(raw);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
