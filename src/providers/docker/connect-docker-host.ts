import Docker from "dockerode";
import { OffloadError } from "../../errors/offload-error.js";
import type { DockerHostOptions } from "./docker-options.js";

/**
 * A dockerode client for the host's URL. dockerode (v4) speaks to a unix socket, to TCP with or
 * without TLS, and over SSH (`protocol: "ssh"`, through ssh2; the remote user must be able to run
 * `docker system dial-stdio`).
 */
export function connectDockerHost(host: DockerHostOptions, sshAgentSocket?: string): Docker {
  let url: URL;
  try {
    url = new URL(host.url);
  } catch (error) {
    throw invalid(host, error);
  }
  if (url.protocol === "unix:") return new Docker({ socketPath: url.pathname });
  if (url.protocol === "tcp:" || url.protocol === "http:" || url.protocol === "https:") {
    const tls = host.tls;
    const port = url.port === "" ? (tls === undefined ? 2375 : 2376) : Number(url.port);
    if (tls === undefined) return new Docker({ protocol: "http", host: url.hostname, port });
    return new Docker({ protocol: "https", host: url.hostname, port, ca: tls.ca, cert: tls.cert, key: tls.key });
  }
  if (url.protocol === "ssh:") {
    return new Docker({
      protocol: "ssh",
      host: url.hostname,
      port: url.port === "" ? 22 : Number(url.port),
      ...(url.username === "" ? {} : { username: decodeURIComponent(url.username) }),
      ...(sshAgentSocket === undefined ? {} : { sshOptions: { agent: sshAgentSocket } }),
    });
  }
  throw invalid(host, null);
}

function invalid(host: DockerHostOptions, cause: unknown): OffloadError {
  return new OffloadError("OFFLOAD_CONFIG_INVALID", `Docker host URL '${host.url}' in docker.hosts.${host.name}: expected unix:///path, tcp://host:port or ssh://user@host`, {
    cause,
    remedy: "Correct the host's url in offload.yaml (docker.hosts), e.g. unix:///var/run/docker.sock.",
  });
}
