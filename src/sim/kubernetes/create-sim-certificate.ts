import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A throw-away self-signed certificate for 127.0.0.1 (openssl, one day), so the stand-in serves
 * HTTPS like a real API server: kubectl sends a bearer token only over TLS (client-go leaves it
 * off plain http), and the kubeconfig then carries the certificate as its CA.
 */
export async function createSimCertificate(): Promise<{ cert: string; key: string }> {
  const dir = await mkdtemp(join(tmpdir(), "offload-kube-sim-"));
  try {
    const [certPath, keyPath] = [join(dir, "cert.pem"), join(dir, "key.pem")];
    await run("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
      "-subj", "/CN=offload-kube-sim", "-addext", "subjectAltName=IP:127.0.0.1",
      "-keyout", keyPath, "-out", certPath,
    ]);
    return { cert: await readFile(certPath, "utf8"), key: await readFile(keyPath, "utf8") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
