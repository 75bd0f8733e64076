import { z } from 'zod';

// The console's Content-Security-Policy forbids eval, so zod must not build its parsers with `new Function`. Object
// schemas decide this when they are created, hence this module is imported before anything that defines a schema.
z.config({ jitless: true });
