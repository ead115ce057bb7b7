/** What to do when GitHub cannot reach the address offload derived. */
export const PUBLIC_URL_FIX =
  "set OFFLOAD_PUBLIC_URL to an https address the internet reaches (a reverse proxy, a Hugging Face Space), or expose this port through a tunnel (e.g. `cloudflared tunnel --url http://127.0.0.1:7860`) and set OFFLOAD_PUBLIC_URL to the tunnel's URL";
