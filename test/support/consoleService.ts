import { afterEach } from 'vitest';
import { type ConsoleService, createConsoleService } from '../../src/api/service.js';
import { openWorkspace } from '../../src/store/workspace.js';
import { freshDirectories } from './tempDirectory.js';

/** A console service over a fresh workspace per test, closed afterwards. */
export function freshConsoleServices(): () => ConsoleService {
  const tempDirectory = freshDirectories();
  const open: ConsoleService[] = [];
  afterEach(() => {
    for (const service of open.splice(0)) service.workspace.close();
  });
  return () => {
    const service = createConsoleService(openWorkspace({ dataDirectory: tempDirectory(), name: 'default' }));
    open.push(service);
    return service;
  };
}
