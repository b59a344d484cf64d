import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** A file streamed from an npm package; its URL carries the package version, so it may be cached for good. */
export interface PackageAsset {
  kind: 'package';
  /** URL path under the assets prefix, e.g. `/graphiql@4.1.2/index.umd.js`. */
  path: string;
  file: string;
}

/** A file of this project (`src/graphiql/public/`), held in memory; its URL carries a hash of its content. */
export interface PublicAsset {
  kind: 'public';
  path: string;
  body: Buffer;
  contentType: string;
}

export type Asset = PackageAsset | PublicAsset;

/** What the page loads, in order, as URL paths relative to the assets prefix. */
export interface PageAssets {
  stylesheets: string[];
  scripts: string[];
}

export interface AssetTable {
  page: PageAssets;
  byPath: ReadonlyMap<string, Asset>;
}

const requireFromHere = createRequire(__filename);

function packageAsset(pkg: string, fileInPackage: string): PackageAsset {
  const manifest = requireFromHere.resolve(`${pkg}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const file = join(dirname(manifest), fileInPackage);
  if (!existsSync(file)) throw new Error(`GraphiQL: ${pkg}@${version} has no ${fileInPackage}`);
  const name = fileInPackage.slice(fileInPackage.lastIndexOf('/') + 1);
  return { kind: 'package', path: `/${pkg}@${version}/${name}`, file };
}

function publicAsset(dir: string, name: string, contentType: string): PublicAsset {
  const body = readFileSync(join(dir, name));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const dot = name.lastIndexOf('.');
  return { kind: 'public', path: `/${name.slice(0, dot)}.${hash}${name.slice(dot)}`, body, contentType };
}

/**
 * The folder with the browser-side files. They are not TypeScript, so `tsc` does not copy them to
 * `dist/`: from `src/graphiql/` (tsx, vitest) it is `./public`; from `dist/src/graphiql/` (npm run
 * build) it is found under the project root, the nearest folder upwards with a package.json.
 */
export function resolvePublicDir(fromDir: string = __dirname): string {
  const beside = join(fromDir, 'public');
  if (existsSync(join(beside, 'init.js'))) return beside;
  for (let dir = resolve(fromDir); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const inSource = join(dir, 'src', 'graphiql', 'public');
      if (existsSync(join(inSource, 'init.js'))) return inSource;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(`GraphiQL: cannot find the browser files (public/init.js) from ${fromDir}`);
}

/** Reads the table once, at startup: a missing file fails the start, not the first page view. */
export function loadAssets(publicDir: string = resolvePublicDir()): AssetTable {
  const react = packageAsset('react', 'umd/react.production.min.js');
  const reactDom = packageAsset('react-dom', 'umd/react-dom.production.min.js');
  const graphiql = packageAsset('graphiql', 'dist/index.umd.js');
  // The bundle ends with `//# sourceMappingURL=index.umd.js.map`, resolved beside it.
  const graphiqlMap = packageAsset('graphiql', 'dist/index.umd.js.map');
  const graphiqlCss = packageAsset('graphiql', 'dist/style.css');
  const pageCss = publicAsset(publicDir, 'page.css', 'text/css; charset=utf-8');
  const init = publicAsset(publicDir, 'init.js', 'text/javascript; charset=utf-8');
  const all: Asset[] = [react, reactDom, graphiql, graphiqlMap, graphiqlCss, pageCss, init];
  return {
    page: {
      stylesheets: [graphiqlCss.path, pageCss.path],
      scripts: [react.path, reactDom.path, graphiql.path, init.path],
    },
    byPath: new Map(all.map((asset) => [asset.path, asset])),
  };
}
