// Rules shared by the Portainer and Docker documents.
import { oas } from '@stoplight/spectral-rulesets';
import pascalCaseOperationId from './functions/pascal-case-operation-id.js';
import jsonBodyExample from './functions/json-body-example.js';
import upstreamDiffers from './functions/upstream-differs.js';
import successResponse from './functions/success-response.js';
import totalCountExample from './functions/total-count-example.js';

export const OPERATIONS = '$.paths[*][get,put,post,delete,patch,head,options,trace]';

export const common = {
  extends: [[oas, 'recommended']],
  rules: {
    'operation-id-pascal-case': {
      description: 'operationIds are PascalCase.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: pascalCaseOperationId },
    },
    'json-body-example': {
      description: 'Every JSON request and response body has an example.',
      message: '{{error}}',
      severity: 'error',
      given: [`${OPERATIONS}.requestBody.content`, `${OPERATIONS}.responses[*].content`],
      then: { function: jsonBodyExample },
    },
    'upstream-differs-explained': {
      description: 'x-upstream-differs is a one-line reason.',
      message: '{{error}}',
      severity: 'error',
      given: `${OPERATIONS}`,
      then: { field: 'x-upstream-differs', function: upstreamDiffers },
    },
    'operation-summary-short': {
      description: 'Summaries are short imperatives, without a final period.',
      message: '{{error}}',
      severity: 'error',
      given: `${OPERATIONS}.summary`,
      then: { function: (summary) => (typeof summary === 'string' && (summary.length > 60 || summary.endsWith('.'))
        ? [{ message: `Summary "${summary}" should be a short imperative (60 characters at most, no final period).` }] : []) },
    },
    // Replaces spectral:oas's operation-success-response, which does not know WebSocket upgrades.
    'operation-success-response': 'off',
    'success-response': {
      description: 'Every operation documents how it succeeds (2xx, 3xx, or 101 for a WebSocket upgrade).',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: successResponse },
    },
    'total-count-example': {
      description: 'An X-Total-Count header example agrees with the example body of its list response.',
      message: '{{error}}',
      severity: 'error',
      given: `${OPERATIONS}.responses[*]`,
      then: { function: totalCountExample },
    },
    // Descriptions are ours; Redocly checks that they exist.
    'oas3-api-servers': 'error',
    'operation-operationId-unique': 'error',
  },
};
