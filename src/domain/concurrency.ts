/**
 * Runs `task` over `items` with at most `limit` running at once, keeping the results in order.
 * (A few lines here rather than a dependency: p-limit's current releases are ESM-only.)
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

/**
 * `task` over `items`, grouped by `groupOf` (a provider, say): the groups side by side, at most
 * `limit` of a group's items at once, the results in the items' order.
 */
export async function mapPerGroup<T, K, R>(
  items: readonly T[],
  groupOf: (item: T) => K,
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const groups = new Map<K, number[]>();
  items.forEach((item, index) => {
    const key = groupOf(item);
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  });
  const results = new Array<R>(items.length);
  await Promise.all(
    [...groups.values()].map((indexes) =>
      mapWithConcurrency(indexes, limit, async (index) => {
        results[index] = await task(items[index] as T);
      }),
    ),
  );
  return results;
}
