import type { CallStatistics, Connector } from '../connectors/connector.js';
import type { Connection } from '../store/repositories/connections.js';
import type { QuotaSample } from '../store/repositories/quotaSamples.js';
import type { QuotaHeadroom } from './healthModel.js';

/**
 * Published allowances per system and window, used when a connection's settings name none (`rateLimits.perMinute`,
 * `rateLimits.perDay`). Xero publishes 60 a minute and 5,000 a day per tenant; the others' allowances depend on the
 * customer's licence, so their headroom is shown without a percentage unless the settings say.
 */
const PUBLISHED_LIMITS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  xero: { minute: 60, day: 5000 },
};

const SETTING_OF_WINDOW: Readonly<Record<string, string>> = { minute: 'perMinute', day: 'perDay' };

export function quotaLimit(connection: Connection, window: string): number | null {
  const limits = connection.settings.rateLimits;
  const setting = SETTING_OF_WINDOW[window];
  if (setting !== undefined && limits !== null && typeof limits === 'object' && !Array.isArray(limits)) {
    const value = limits[setting];
    if (typeof value === 'number' && value > 0) return value;
  }
  return PUBLISHED_LIMITS[connection.system]?.[window] ?? null;
}

export function headroomOf(connection: Connection, samples: readonly QuotaSample[]): QuotaHeadroom[] {
  return samples.map((sample) => {
    const limit = quotaLimit(connection, sample.window);
    const used = limit === null ? null : Math.min(100, Math.max(0, ((limit - sample.remaining) / limit) * 100));
    return {
      window: sample.window,
      remaining: sample.remaining,
      limit,
      usedPercent: used === null ? null : Math.round(used * 10) / 10,
      sampledAt: sample.sampledAt,
    };
  });
}

/**
 * The connector, unchanged, except that after every page it reads and every batch it writes the quota its system
 * reported is handed on: the sync engine owns the connector, monitoring only listens to what it sees.
 */
export function quotaReportingConnector(
  connector: Connector,
  report: (remaining: CallStatistics['remaining']) => void,
): Connector {
  const sample = () => {
    const { remaining } = connector.statistics();
    if (Object.keys(remaining).length > 0) report(remaining);
  };
  return {
    system: connector.system,
    capabilities: connector.capabilities,
    testConnection: () => connector.testConnection(),
    async *read(entity, request) {
      try {
        for await (const page of connector.read(entity, request)) {
          sample();
          yield page;
        }
      } finally {
        sample();
      }
    },
    async write(entity, requests) {
      try {
        return await connector.write(entity, requests);
      } finally {
        sample();
      }
    },
    statistics: () => connector.statistics(),
    close: () => connector.close(),
  };
}
