'use strict';
// Lets node require TypeScript files (users' stacks, test harness scripts) by transpiling them with swc.
// Type checking is tsc's job (`npm run typecheck`); this only strips types, fast.
const Module = require('module');
const fs = require('fs');

if (!Module._extensions['.ts']) {
  const { transformSync } = require('@swc/core');
  Module._extensions['.ts'] = function compileTs(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = transformSync(source, {
      filename,
      sourceMaps: 'inline',
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    module._compile(code, filename);
  };
}
