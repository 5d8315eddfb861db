// Spectral ruleset for the Portainer document (sources and the bundle with Docker mounted).
import { common, OPERATIONS } from './common.js';
import accessPolicy from './functions/access-policy.js';
import securityMatchesAccess from './functions/security-matches-access.js';
import errorResponses from './functions/error-responses.js';
import portainerVersionMarks from './functions/portainer-version-marks.js';

export default {
  extends: [common],
  rules: {
    'portainer-access-policy': {
      description: 'Every operation has x-portainer-access: public, authenticated, restricted or administrator.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: accessPolicy },
    },
    'portainer-security-matches-access': {
      description: 'Public operations have security: []; the others accept jwt and ApiKeyAuth as alternatives.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: securityMatchesAccess },
    },
    'portainer-version-marks': {
      description: 'Version marks name known CE releases, since before removed-in; removed operations and parameters are deprecated.',
      message: '{{error}}',
      severity: 'error',
      given: "$..[?(@ && (@['x-portainer-since'] || @['x-portainer-removed-in'] || @['x-portainer-backported'] || @['x-portainer-changed']))]",
      then: { function: portainerVersionMarks },
    },
    'portainer-error-responses': {
      description: 'Non-public operations document 401; administrator ones also 403; both with {message, details}.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: errorResponses },
    },
  },
};
