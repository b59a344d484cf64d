import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export interface TypedResponse<TData> {
  status: number;
  data: TData | null | undefined;
  errors: { message: string; extensions?: Record<string, unknown> }[] | undefined;
}

/** POSTs a typed document (from operations/generated) and types the answer by it. */
export async function sendTyped<TData, TVariables>(
  url: string,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<TypedResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: TData | null; errors?: TypedResponse<TData>['errors'] };
  return { status: response.status, data: body.data, errors: body.errors };
}
