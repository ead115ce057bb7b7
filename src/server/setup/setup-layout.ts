import { html, SafeHtml, type HtmlValue } from "../dashboard/html.js";

/** The wizard's look: one small stylesheet, system fonts, light and dark, nothing fetched. */
const STYLE = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--text:#1b1f24;--muted:#5b6470;--line:#d9dee4;--accent:#6d28d9;--accent-text:#fff;--ok:#1a7f37;--fail:#cf222e;--unknown:#9a6700;--code:#eef1f4}
@media (prefers-color-scheme:dark){:root{--bg:#0f1216;--card:#171b21;--text:#e6e9ee;--muted:#9aa4b1;--line:#2b323c;--accent:#a78bfa;--accent-text:#120a24;--ok:#3fb950;--fail:#f85149;--unknown:#d29922;--code:#222831}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 3rem}
header{display:flex;align-items:baseline;gap:.75rem;margin-bottom:1rem}
header .brand{font-weight:700;font-size:1.25rem;letter-spacing:-.01em}
header .where{color:var(--muted);font-size:.9rem}
h1{font-size:1.6rem;margin:.25rem 0 1rem;line-height:1.25}
h2{font-size:1.1rem;margin:0 0 .5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1.25rem;margin:0 0 1rem}
.steps{display:flex;gap:.5rem;list-style:none;padding:0;margin:0 0 1rem;flex-wrap:wrap}
.steps li{font-size:.85rem;padding:.2rem .6rem;border-radius:999px;border:1px solid var(--line);color:var(--muted)}
.steps li[aria-current=step]{border-color:var(--accent);color:var(--text);font-weight:600}
.steps li.done{color:var(--ok);border-color:var(--ok)}
p{margin:.5rem 0}
.muted{color:var(--muted);font-size:.9rem}
.warn{border-left:4px solid var(--unknown);padding:.4rem .8rem;background:var(--code)}
code,pre{font:0.85rem/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code);border-radius:6px}
code{padding:.1rem .35rem;overflow-wrap:anywhere}
pre{padding:.75rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:.5rem 0}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
fieldset{border:0;padding:0;margin:0}
legend{font-weight:600;margin:.25rem 0}
.choice{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.35rem 0}
input[type=text]{width:100%;padding:.55rem .7rem;border:1px solid var(--line);border-radius:8px;background:var(--bg);color:var(--text);font:inherit}
input[type=text]:focus-visible,button:focus-visible,a.button:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
button,a.button{display:inline-block;margin-top:1rem;padding:.6rem 1.1rem;border:0;border-radius:8px;background:var(--accent);color:var(--accent-text);font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
a{color:var(--accent)}
ul.checklist{list-style:none;padding:0;margin:0}
ul.checklist li{display:grid;grid-template-columns:1.75rem 1fr;gap:.25rem .5rem;padding:.6rem 0;border-top:1px solid var(--line)}
ul.checklist li:first-child{border-top:0}
.mark{font-weight:700;text-align:center}
.ok .mark{color:var(--ok)}.fail .mark{color:var(--fail)}.unknown .mark{color:var(--unknown)}
.item-title{font-weight:600}
.item-detail,.item-fix{grid-column:2;font-size:.9rem;color:var(--muted);overflow-wrap:anywhere}
.item-fix{color:var(--text)}
.notice{border-left:4px solid var(--accent);padding:.5rem .75rem;background:var(--code);border-radius:0 8px 8px 0}
.error{border-left-color:var(--fail)}
@media (max-width:640px){main{padding:1rem .75rem 2rem}h1{font-size:1.35rem}.card{padding:1rem}}
`;

export type SetupStep = "app" | "install" | "hf" | "check";
const STEPS: readonly [SetupStep, string][] = [["app", "1 · GitHub App"], ["install", "2 · Install"], ["hf", "3 · Hugging Face"], ["check", "4 · Checklist"]];

/** The step indicator; steps before `current` show as done. */
function renderSteps(current: SetupStep): SafeHtml {
  const index = STEPS.findIndex(([step]) => step === current);
  return html`<ol class="steps" aria-label="Setup steps">${STEPS.map(([, label], i) =>
    i === index ? html`<li aria-current="step">${label}</li>` : i < index ? html`<li class="done">${label} ✓</li>` : html`<li>${label}</li>`,
  )}</ol>`;
}

/** A whole wizard page around `body`. */
export function renderSetupPage(input: { title: string; step: SetupStep; body: HtmlValue; head?: SafeHtml }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${input.title} · offload setup</title>
<style>${new SafeHtml(STYLE)}</style>
${input.head}
</head>
<body>
<main>
<header><span class="brand">offload</span><span class="where">setup</span></header>
${renderSteps(input.step)}
<h1>${input.title}</h1>
${input.body}
</main>
</body>
</html>
`.value;
}
