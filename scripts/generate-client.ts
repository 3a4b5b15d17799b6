import { writeFileSync } from 'node:fs';
import { SCHEMA_FILE, schemaSource, servedDocument } from './typed-client.js';

/**
 * `npm run client:generate`: writes the typed client's wire types (clients/typescript/src/schema.ts)
 * from the OpenAPI document of the server as built now. Run it after adding or changing a route.
 */
const source = await schemaSource(await servedDocument());
// Run from its build, dist/scripts/: the project's root is two folders up.
writeFileSync(new URL(`../../${SCHEMA_FILE}`, import.meta.url), source);
console.log(`${SCHEMA_FILE}: ${source.length} characters`);
