import { z } from 'zod';
import { MonitoringError } from './MonitoringError.js';

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
const unsetWhenEmpty = (value: unknown) => (value === '' ? undefined : value);

/**
 * Where the dashboard listens. It binds to loopback by default; any other address exposes counts
 * to a network, so it then needs DASHBOARD_TOKEN, a shared secret checked on every request.
 */
export const DashboardSettings = z
  .object({
    DASHBOARD_PORT: z.preprocess(unsetWhenEmpty, z.string().regex(/^\d{1,5}$/, 'must be a port number such as 8090').default('8090'))
      .transform(Number)
      .refine((port) => port >= 1 && port <= 65535, 'must be a port number from 1 to 65535'),
    DASHBOARD_HOST: z.preprocess(unsetWhenEmpty, z.string().regex(/^[0-9A-Za-z.:-]{1,253}$/, 'must be an address such as 127.0.0.1').default('127.0.0.1')),
    DASHBOARD_TOKEN: z.preprocess(unsetWhenEmpty, z.string().min(24, 'must be at least 24 characters (a random secret)').optional()),
  })
  .superRefine((settings, context) => {
    if (!isLoopback(settings.DASHBOARD_HOST) && !settings.DASHBOARD_TOKEN) {
      context.addIssue({ code: 'custom', path: ['DASHBOARD_TOKEN'], message: `is required when DASHBOARD_HOST (${settings.DASHBOARD_HOST}) is not a loopback address` });
    }
  })
  .transform((s) => ({ port: s.DASHBOARD_PORT, host: s.DASHBOARD_HOST, token: s.DASHBOARD_TOKEN }));
export type DashboardSettings = z.infer<typeof DashboardSettings>;

/** Read the dashboard settings; a problem is one line naming the variable, never echoing the token. */
export function loadDashboardSettings(env: NodeJS.ProcessEnv): DashboardSettings {
  const result = DashboardSettings.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new MonitoringError(`${String(issue?.path[0] ?? 'DASHBOARD settings')} ${issue?.message ?? 'is not valid'}.`);
}
