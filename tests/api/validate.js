// SPDX-License-Identifier: Apache-2.0
// Validates docs/openapi.json (or the file given) with swagger-parser:
// the OpenAPI 3.0 schema, every $ref resolved, path parameters declared.
// Exits 0 and prints "valid: ..." when it is valid, 1 with the reason when
// it is not.  Run by tests/api/test_api.py; by hand:
//   node tests/api/validate.js [docs/openapi.json]
'use strict';

const path = require('path');
const SwaggerParser = require('@apidevtools/swagger-parser');

const file = process.argv[2] ||
  path.join(__dirname, '..', '..', 'docs', 'openapi.json');

SwaggerParser.validate(file, { validate: { schema: true, spec: true } })
  .then((api) => {
    let operations = 0;
    for (const item of Object.values(api.paths)) {
      for (const m of ['get', 'put', 'post', 'delete', 'patch']) {
        if (item[m]) operations++;
      }
    }
    console.log(`valid: ${file}: OpenAPI ${api.openapi}, ` +
      `${Object.keys(api.paths).length} paths, ${operations} operations`);
  })
  .catch((err) => {
    console.error(`invalid: ${file}: ${err.message}`);
    process.exit(1);
  });
