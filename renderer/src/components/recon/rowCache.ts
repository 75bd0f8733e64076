/**
 * Pages of aligned rows shared by the two grids: both ask for the same block when they scroll together, and the
 * server is asked once. A new filter, search or sort makes a new cache (the old one is simply dropped).
 */
export interface RowPage<Row> {
  readonly rows: readonly Row[];
  /** All rows matching the query, when the server knows it. */
  readonly total: number | null;
}

export type PageLoader<Row> = (offset: number, limit: number) => Promise<RowPage<Row>>;

const MAX_PAGES = 40;

export function createRowCache<Row>(load: PageLoader<Row>): PageLoader<Row> {
  const pages = new Map<string, Promise<RowPage<Row>>>();
  return (offset, limit) => {
    const key = `${offset}:${limit}`;
    let page = pages.get(key);
    if (page === undefined) {
      page = load(offset, limit);
      // A failed page is forgotten so that scrolling back to it asks again.
      page.catch(() => pages.delete(key));
      pages.set(key, page);
      if (pages.size > MAX_PAGES) {
        const oldest = pages.keys().next().value;
        if (oldest !== undefined) pages.delete(oldest);
      }
    }
    return page;
  };
}
