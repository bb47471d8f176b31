/**
 * The registered documents by id and by text (issue 17), built once per process. A request from a role
 * held to them (TRUSTED_DOCUMENTS) is checked before anything is parsed, with one Map lookup: the text it
 * sends must be a registered document, character for character; a request sending only an id is served
 * by Apollo's persisted-query support from `persistedQueryCache`, which holds the registered documents
 * and nothing else (an unknown id is PERSISTED_QUERY_NOT_FOUND, and what clients ask it to keep is not
 * kept: automatic persisted queries are the registered documents, for every caller).
 */
import { createHash } from 'node:crypto';
import type { Role } from '../domain/enums';
import { operationNotTrusted } from '../graphql/errors';
import { TRUSTED_DOCUMENTS, type TrustedDocument } from './trusted-documents';

export interface RegisteredDocument extends TrustedDocument {
  /** SHA-256 of the text, hex: the document's id. */
  id: string;
}

/** Where Apollo's persisted-query cache keys start (its PrefixingKeyValueCache). */
const APQ_PREFIX = 'apq:';

export const documentId = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A GraphQL request as the HTTP layer has it: its method, its parsed body, its query string. */
export interface DocumentRequest {
  method: string | undefined;
  body: unknown;
  search: string;
}

/** The text of the document a GraphQL request sends (`query`), if any: a persisted query's id is Apollo's. */
function textOf({ method, body, search }: DocumentRequest): unknown {
  if (method === 'GET') return new URLSearchParams(search).get('query') ?? undefined;
  return typeof body === 'object' && body !== null ? (body as { query?: unknown }).query : undefined;
}

export class TrustedDocumentRegistry {
  private readonly byId = new Map<string, RegisteredDocument>();
  private readonly byText = new Map<string, RegisteredDocument>();

  constructor(documents: readonly TrustedDocument[]) {
    for (const document of documents) {
      const registered = { ...document, id: documentId(document.body) };
      if (this.byId.has(registered.id)) throw new Error(`trusted document ${document.name} is registered twice`);
      this.byId.set(registered.id, registered);
      this.byText.set(registered.body, registered);
    }
  }

  get documents(): RegisteredDocument[] {
    return [...this.byId.values()];
  }

  /**
   * Refuses a request from a role in `held` whose text is not a registered document (400
   * OPERATION_NOT_TRUSTED). A request with only an id needs no check here: Apollo finds it in
   * `persistedQueryCache` or answers PERSISTED_QUERY_NOT_FOUND; one with neither Apollo refuses.
   */
  check(role: Role, held: ReadonlySet<Role>, request: DocumentRequest): void {
    if (!held.has(role)) return;
    const text = textOf(request);
    if (typeof text !== 'string' || this.byText.has(text)) return;
    throw operationNotTrusted(role);
  }

  /** Apollo's persisted-query cache: the registered documents by id, and nothing a client asks it to keep. */
  persistedQueryCache() {
    return {
      get: (key: string): Promise<string | undefined> =>
        Promise.resolve(key.startsWith(APQ_PREFIX) ? this.byId.get(key.slice(APQ_PREFIX.length))?.body : undefined),
      set: (): Promise<void> => Promise.resolve(),
      delete: (): Promise<boolean> => Promise.resolve(false),
    };
  }
}

/** The registry of src/partners/trusted-documents.ts, built once. */
export const trustedDocuments = new TrustedDocumentRegistry(TRUSTED_DOCUMENTS);
