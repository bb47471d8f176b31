/**
 * Apollo Server as the gateway runs it: query limits checked before any resolver (never disclosed),
 * introspection in development or, with the explorer on, for staff (src/graphql/introspection.ts), no
 * landing page of Apollo's (the explorer is the gateway's own: src/http/explorer.ts), one error
 * formatter, errors counted by code, and a provider's transaction opened only once its request is valid.
 */
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config';
import type { RequestContext } from './request-context';
import { createFormatError, isUnavailable, RETRY_AFTER_SECONDS } from '../graphql/errors';
import type { Logger } from '../logger';
import { inputCheckPlugin } from '../graphql/input-check';
import { staffIntrospectionPlugin } from '../graphql/introspection';
import { jitGateway } from '../graphql/jit-executor';
import { idempotencyPlugin } from './idempotency';
import { queryCostPlugin } from './query-cost';
import { trustedDocuments } from '../partners/trusted-document-registry';
import type { Metrics } from './metrics';
import { operationSpanPlugin } from '../telemetry/graphql-spans';

/** Tokens a document may have (graphql-js counts them as it parses). */
const MAX_TOKENS = 3000;

export async function startApollo(
  schema: GraphQLSchema,
  config: Config,
  logger: Logger,
  metrics: Metrics,
  /** Tracing is on (src/telemetry/tracing.ts): each operation's span is named after it. */
  traced = false,
): Promise<ApolloServer<RequestContext>> {
  const development = config.nodeEnv === 'development';
  const armor = new ApolloArmor({
    maxDepth: { n: 15, exposeLimits: false, flattenFragments: true },
    maxAliases: { n: 15, exposeLimits: false },
    maxDirectives: { n: 30, exposeLimits: false },
    // Not graphql-armor's max-tokens plugin: it re-throws parse errors from parsingDidStart, which Apollo
    // answers with HTTP 500 (a syntax error included). Apollo's parseOptions.maxTokens below instead.
    maxTokens: { enabled: false },
    // Replaced by src/http/query-cost.ts, which multiplies by list sizes (armor's would default to on).
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !development },
  }).protect();
  const apollo = new ApolloServer<RequestContext>({
    // The schema, executed by graphql-jit (src/graphql/jit-executor.ts); plugins and formatError as ever.
    gateway: jitGateway(schema),
    // Set explicitly rather than left to defaults (which follow NODE_ENV differently). With the explorer on
    // outside development, staffIntrospectionPlugin below refuses it to partners.
    introspection: development || config.explorer,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    validationRules: armor.validationRules,
    // A document of more tokens is a parse error (400, GRAPHQL_PARSE_FAILED), its limit not disclosed.
    parseOptions: { maxTokens: MAX_TOKENS },
    // Shutdown is ordered by main.ts (HTTP, then workers, then the database), not by Apollo.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    // Persisted queries (a document sent by its id) are the trusted documents only (src/partners/).
    persistedQueries: { cache: trustedDocuments.persistedQueryCache() },
    formatError: createFormatError((error) => logger.error({ err: error }, 'unexpected error'), development),
    plugins: [
      // Apollo's landing page loads its sandbox from a CDN: GET /graphql in a browser is the explorer's.
      ApolloServerPluginLandingPageDisabled(),
      // Before the others, as the validation rule it stands in for: introspection by a partner.
      ...(development || !config.explorer ? [] : [staffIntrospectionPlugin()]),
      // Then: its check refuses a bad input value before any other plugin's work (see input-check.ts).
      inputCheckPlugin(),
      // Next, as synchronous: an operation over the cost limit is refused before the hooks below run for it.
      queryCostPlugin(config),
      ...armor.plugins,
      ApolloServerPluginCacheControlDisabled(),
      // A key is claimed on its own statement, not in the provider's transaction (opened alongside, below).
      idempotencyPlugin(),
      ...(traced ? [operationSpanPlugin<RequestContext>()] : []),
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors }) {
              for (const e of errors) {
                metrics.errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
              }
            },
            // A provider's request reads in its own transaction, opened only once the request is valid. Here,
            // not in executionDidStart: Apollo formats what this hook throws (an unreachable database is a
            // 503); what that one throws escapes the pipeline, and graphql-armor's max-tokens plugin sends it
            // as a 500 carrying the raw error's message.
            async didResolveOperation({ contextValue, operationName, operation }) {
              // Authenticated, validated, inputs checked: only now may its name become a metrics label.
              if (contextValue.operationLabel)
                contextValue.operationLabel.value = metrics.operations.resolved(operationName);
              await contextValue.partner?.begin();
              // A query by staff reads from the replica, when there is one; a mutation uses the primary throughout.
              if (operation?.operation === 'query') contextValue.readFromReplica?.(contextValue);
            },
            // The database was unavailable: a retryable 503, never a 200 with an error inside.
            async willSendResponse({ response }) {
              if (response.body.kind === 'single' && isUnavailable(response.body.singleResult.errors)) {
                response.http.status = 503;
                response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  return apollo;
}
