import type { CacheOptions, RequestOptions } from '@apollo/datasource-rest';
// Not re-exported from the package's index; the version is pinned in package.json.
import { HTTPCache } from '@apollo/datasource-rest/dist/HTTPCache';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';

/**
 * RESTDataSource's HTTP cache, except that a request marked `skipCache` goes straight to the
 * fetcher. HTTPCache itself still builds an HTTP cache policy for every such response, and
 * stores the response when the provider sends `max-age`, though nothing will ever read it: per
 * upstream call that is work and garbage for nothing (every update, and every read when no
 * shared cache is configured).
 */
export class PassThroughHTTPCache extends HTTPCache {
  constructor(
    keyValueCache: KeyValueCache | undefined,
    private readonly fetcher: Fetcher,
  ) {
    super(keyValueCache, fetcher);
  }

  override async fetch(
    url: URL,
    requestOpts: RequestOptions<CacheOptions> = {},
    cache?: Parameters<HTTPCache['fetch']>[2],
  ): ReturnType<HTTPCache['fetch']> {
    if (requestOpts.skipCache) return { response: await this.fetcher(url.toString(), requestOpts) };
    return super.fetch(url, requestOpts, cache);
  }
}
