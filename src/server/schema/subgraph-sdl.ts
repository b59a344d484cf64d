import { execute, parse } from 'graphql';
import { buildWorkspaceSchema } from './schema';

/** The SDL the running subgraph serves at `_service { sdl }`, with a final newline. */
export async function subgraphSdl(): Promise<string> {
  const result = await execute({ schema: await buildWorkspaceSchema(), document: parse('{ _service { sdl } }') });
  const sdl = (result.data as { _service?: { sdl?: string } } | null | undefined)?._service?.sdl;
  if (!sdl) throw new Error(`_service { sdl } failed: ${JSON.stringify(result.errors)}`);
  return sdl.endsWith('\n') ? sdl : `${sdl}\n`;
}
