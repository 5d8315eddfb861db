// Spectral ruleset for the Docker document served alone (no Portainer access rules: a bare daemon
// has no users; the bundle step adds them when it mounts these paths under Portainer).
import { common } from './common.js';

export default { extends: [common], rules: {} };
