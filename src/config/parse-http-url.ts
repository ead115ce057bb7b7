/** An http(s) URL without trailing slashes (`https://api.github.com/` → `https://api.github.com`), or null. */
export function parseHttpUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username !== "" || url.password !== "") return null;
  return text.replace(/\/+$/, "");
}
