import { productVersion } from '../../productInfo.js';
import type { Workspace } from '../../store/workspace.js';
import type { CallContext } from '../dispatcher.js';

export function appHandlers(workspace: Workspace, startedAt: string) {
  return {
    getAppInfo: (_input: unknown, context: CallContext) => ({
      product: 'Counterpart' as const,
      version: productVersion(),
      workspace: workspace.name,
      transport: context.transport === 'ipc' ? ('ipc' as const) : ('web' as const),
      startedAt,
    }),
  };
}
