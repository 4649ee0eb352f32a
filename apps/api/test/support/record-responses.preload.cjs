// Loaded with `node --require` into apps spawned by the e2e specs (process.cjs adds it to NODE_OPTIONS): every response
// the app sends is recorded for the OpenAPI check in global-teardown.mjs.
'use strict';
require('./response-recorder.cjs').recordAllResponses();
