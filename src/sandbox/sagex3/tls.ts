import { constants, createPrivateKey, generateKeyPair, type KeyObject, privateEncrypt, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { z } from 'zod';

/** PEM texts for an internal CA and the server certificate it signed (sandbox-only keys). */
export const TlsMaterial = z.object({
  caCertPem: z.string().min(1),
  certPem: z.string().min(1),
  keyPem: z.string().min(1),
});
export type TlsMaterial = z.infer<typeof TlsMaterial>;

const DAY_MS = 86_400_000;
const generateRsa = promisify(generateKeyPair);

/**
 * Real X3 sites serve HTTPS with a certificate from an internal CA, so the sandbox does the same: a fresh root CA and
 * a server certificate for 127.0.0.1 and localhost, signed by it. A client trusts the sandbox by adding the CA PEM to
 * its CA bundle — never by switching verification off. node-forge builds the two certificates; Node generates the
 * RSA keys and makes the signatures natively (forge's pure-JS RSA takes seconds on a busy machine).
 */
export async function generateTlsMaterial(now = new Date()): Promise<TlsMaterial> {
  const [caKeys, serverKeys] = await Promise.all([rsaKeys(), rsaKeys()]);
  const notBefore = new Date(now.getTime() - DAY_MS);
  const notAfter = new Date(now.getTime() + 825 * DAY_MS);

  const caName = [
    { name: 'commonName', value: 'Counterpart Sandbox Sage X3 Root CA' },
    { name: 'organizationName', value: 'Counterpart Sandbox' },
  ];
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  ca.validity.notBefore = notBefore;
  ca.validity.notAfter = notAfter;
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(nativeSigner(caKeys.keyObject), forge.md.sha256.create());

  const server = forge.pki.createCertificate();
  server.publicKey = serverKeys.publicKey;
  server.serialNumber = serial();
  server.validity.notBefore = notBefore;
  server.validity.notAfter = notAfter;
  server.setSubject([
    { name: 'commonName', value: 'localhost' },
    { name: 'organizationName', value: 'Counterpart Sandbox' },
  ]);
  server.setIssuer(ca.subject.attributes);
  server.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  server.sign(nativeSigner(caKeys.keyObject), forge.md.sha256.create());

  return {
    caCertPem: forge.pki.certificateToPem(ca),
    certPem: forge.pki.certificateToPem(server),
    keyPem: serverKeys.privateKeyPem,
  };
}

/** DER prefix of a PKCS#1 v1.5 DigestInfo for SHA-256. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** A forge-compatible private key whose `sign` is Node's RSA (PKCS#1 v1.5 over the SHA-256 DigestInfo). */
function nativeSigner(key: KeyObject): forge.pki.rsa.PrivateKey {
  const signer = {
    sign(md: forge.md.MessageDigest): string {
      const digest = Buffer.from(md.digest().getBytes(), 'binary');
      const signature = privateEncrypt(
        { key, padding: constants.RSA_PKCS1_PADDING },
        Buffer.concat([SHA256_DIGEST_INFO, digest]),
      );
      return signature.toString('binary');
    },
  };
  return signer as unknown as forge.pki.rsa.PrivateKey;
}

async function rsaKeys(): Promise<{
  publicKey: forge.pki.rsa.PublicKey;
  keyObject: KeyObject;
  privateKeyPem: string;
}> {
  const { publicKey, privateKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
    keyObject: createPrivateKey(privateKey),
    privateKeyPem: privateKey,
  };
}

/** A positive 16-byte serial in hex (the top bit cleared so DER keeps it positive). */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}
