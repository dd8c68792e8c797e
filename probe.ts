import { createHash } from 'node:crypto';
import { generateCounties, generateDemo } from './schema/src/demo/index';
const h = (d: any) => { const x = createHash('sha256'); for (const [t, rows] of Object.entries(d)) { x.update(t); for (const r of rows as any[]) x.update(JSON.stringify(r)); } return x.digest('hex'); };
console.log('c3x600', h(generateCounties(3, { households: 600 })));
console.log('c2', h(generateCounties(2)));
console.log('c1', h(generateCounties(1)));
