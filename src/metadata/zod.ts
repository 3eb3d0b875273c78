// The zod the tool validates with: zod/mini, which checks and reports exactly as zod's full API does but
// builds a schema without a bound copy of every method, so the schemas made at each start cost a third of
// the time and memory. Its English messages, which the full API loads by itself, are loaded here.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());
// Zod's default compiles a fast parser for each object schema with new Function the first time it is
// used: time no code cache can save, for schemas a run uses once or twice. Set before any schema exists.
z.config({ jitless: true });

export { z };
