import { readFile } from 'node:fs/promises';
import { createPortainerClient } from 'portainer-openapi';

const portainer = createPortainerClient({
  url: 'https://portainer.example.org:9443',
  apiKey: process.env.PORTAINER_API_KEY!,
});
const pem = async (file: string) =>
  new File([await readFile(file)], file);

// A remote Docker host reached over TCP with mutual TLS.
// The body is sent as multipart/form-data; File and Blob
// values become file parts.
const { data: environment, error } = await portainer.POST(
  '/endpoints',
  {
    body: {
      Name: 'docker-prod-01',
      EndpointCreationType: 1, // Docker API (socket or TCP)
      URL: 'tcp://10.0.7.11:2376',
      TLS: true,
      TLSSkipVerify: false,
      TLSCACertFile: await pem('ca.pem'),
      TLSCertFile: await pem('cert.pem'),
      TLSKeyFile: await pem('key.pem'),
      GroupID: 1,
      TagIds: '[1]', // a JSON array, as text
    },
  },
);
if (error) throw error; // 409 if the name is taken
console.log(`created environment ${environment.Id}`);
