#!/usr/bin/env node
'use strict';
const path = require('path');
const fs = require('fs');
const built = path.join(__dirname, '..', 'build', 'lib', 'cli', 'main.js');
if (!fs.existsSync(built)) {
  process.stderr.write('error: berth is not built: run `npm install` (or `npm run build`) in the berth package\n');
  process.exit(1);
}
require(built).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
