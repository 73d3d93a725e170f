// Preloaded into the berth binary by cli.test.ts: on exit, writes the list of loaded modules beside --out.
const fs = require('fs');
process.on('exit', () => {
  const i = process.argv.indexOf('--out');
  if (i < 0) return;
  const out = process.argv[i + 1].replace(/\/$/, '');
  fs.writeFileSync(`${out}.modules`, Object.keys(require.cache).join('\n'));
});
