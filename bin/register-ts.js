'use strict';
// Lets node require TypeScript files (users' stacks, test harness scripts) by stripping their types with sucrase:
// small and pure JavaScript (about 20 MB less peak memory than a native transpiler, which matters for
// `berth synth` on large stacks), and it keeps line numbers, so error locations point at the .ts source.
// Type checking is tsc's job (`npm run typecheck`).
const Module = require('module');
const fs = require('fs');

if (!Module._extensions['.ts']) {
  const { transform } = require('sucrase');
  Module._extensions['.ts'] = function compileTs(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = transform(source, { transforms: ['typescript', 'imports'], filePath: filename });
    module._compile(code, filename);
  };
}
