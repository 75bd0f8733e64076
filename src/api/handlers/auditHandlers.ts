import type { z } from 'zod';
import type { Workspace } from '../../store/workspace.js';
import type { AuditQuery } from '../schemas/audit.js';

export function auditHandlers(workspace: Workspace) {
  return {
    listAuditEntries: (query: z.output<typeof AuditQuery>) => ({ entries: workspace.auditLog.list(query) }),
    verifyAuditTrail: () => workspace.auditLog.verify(),
  };
}
