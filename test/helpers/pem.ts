// Three PEM files as a user would attach them (the mock checks their presence, not their content).
const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${Buffer.from(body).toString('base64')}\n-----END ${label}-----\n`;

export const tlsFiles = {
  ca: new File([pem('CERTIFICATE', 'test CA certificate')], 'ca.pem', { type: 'application/x-pem-file' }),
  cert: new File([pem('CERTIFICATE', 'test client certificate')], 'cert.pem', { type: 'application/x-pem-file' }),
  key: new File([pem('PRIVATE KEY', 'test client key')], 'key.pem', { type: 'application/x-pem-file' }),
};
