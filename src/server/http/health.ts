import type { Router } from 'express';
import express from 'express';
import { PROVIDER_NAMES } from '../../domain/provider';
import type { ProviderSettingsMap } from '../wiring/provider-gateways';

/**
 * GET /health: the process is up. GET /ready: the schema is built and the server takes traffic
 * (503 while shutting down), with each provider's configuration and breaker state.
 */
export function healthRouter(providerSettings: ProviderSettingsMap, isDraining: () => boolean): Router {
  const router = express.Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', (_req, res) => {
    const providers = Object.fromEntries(
      PROVIDER_NAMES.map((p) => {
        const settings = providerSettings[p];
        return [p, settings ? { configured: true, breaker: settings.resilience.breakerState } : { configured: false }];
      }),
    );
    const draining = isDraining();
    res.status(draining ? 503 : 200).json({ status: draining ? 'draining' : 'ready', providers });
  });
  return router;
}
