import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import { loadAssets, type AssetTable } from './assets';
import { DEFAULT_TABS, type GraphiQLTab } from './default-tabs';
import { GRAPHIQL_CSP, renderGraphiQLPage } from './page';

export interface GraphiQLRouterOptions {
  /** The GraphQL endpoint's path; the page is served there to browsers. Default `/graphql`. */
  endpoint?: string;
  /** Where the page's scripts and stylesheets are served. Default `/graphiql/assets`. */
  assetsPrefix?: string;
  title?: string;
  /** The tabs GraphiQL opens with; default: the updateWorkspace, workspace and _entities examples. */
  defaultTabs?: readonly GraphiQLTab[];
  /** The files to serve; default: loadAssets(), read once from node_modules and ./public. */
  assets?: AssetTable;
}

/** The types Apollo Server answers a GET with; a browser's Accept prefers text/html over all of them. */
const API_TYPES = ['application/json', 'application/graphql-response+json', 'multipart/mixed'];

/** Whether a request asks for a page rather than a GraphQL response (the same rule as Apollo's landing page). */
export function prefersHtml(req: Request): boolean {
  return req.accepts([...API_TYPES, 'text/html']) === 'text/html';
}

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * Serves GraphiQL with no CDN: `GET <endpoint>` with `Accept: text/html` gets the page (any other
 * request goes on to the next handler, i.e. Apollo), and `GET <assetsPrefix>/...` the files it
 * loads: React, ReactDOM and GraphiQL from node_modules, init.js and page.css from ./public.
 * Mount it on the app (not under a path), before the GraphQL middleware.
 */
export function graphiqlRouter(options: GraphiQLRouterOptions = {}): Router {
  const endpoint = options.endpoint ?? '/graphql';
  const assetsPrefix = options.assetsPrefix ?? '/graphiql/assets';
  const assets = options.assets ?? loadAssets();
  const html = renderGraphiQLPage({
    title: options.title ?? 'Workspace subgraph · GraphiQL',
    assetsPrefix,
    assets: assets.page,
    config: { endpoint, defaultTabs: options.defaultTabs ?? DEFAULT_TABS },
  });

  const router = express.Router();
  router.get(endpoint, (req: Request, res: Response, next: NextFunction) => {
    if (!prefersHtml(req)) return next();
    res
      .set({
        'Content-Security-Policy': GRAPHIQL_CSP,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        Vary: 'Accept',
      })
      .type('html')
      .send(html);
  });

  router.get(`${assetsPrefix}/*file`, (req: Request, res: Response, next: NextFunction) => {
    const asset = assets.byPath.get(req.path.slice(assetsPrefix.length));
    if (!asset) {
      res.status(404).type('text').send('Not found');
      return;
    }
    res.set('X-Content-Type-Options', 'nosniff');
    if (asset.kind === 'public') {
      // The URL carries a hash of the content; res.send adds an ETag and answers 304 itself.
      res
        .set('Cache-Control', `public, max-age=${ONE_YEAR_SECONDS}, immutable`)
        .type(asset.contentType)
        .send(asset.body);
      return;
    }
    // Streamed from node_modules; the URL carries the package's version.
    res.sendFile(asset.file, { maxAge: ONE_YEAR_SECONDS * 1000, immutable: true }, (error?: Error) => {
      if (error && !res.headersSent) next(error);
    });
  });
  return router;
}
