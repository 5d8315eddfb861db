// Fixes applied to the page Redocly's build-docs writes (Redoc 3), each checked: a fix whose target
// is not found fails the build, naming it, instead of shipping a page that silently lost it.

/**
 * Links that work opened in a new tab, copied, or from disk. The page routes with the URL's hash
 * (`#/users`), but its prerendered markup says `href="/users"`, and hydration keeps attributes as
 * they were: a copied link then points at the server's root (404) or, from disk, at the machine's
 * root folder. The markup is rewritten to the hash form the renderer itself produces.
 */
export function hashLinks(html) {
  const start = html.indexOf('<div id="redoc">');
  const end = html.indexOf('<script type="module">', start);
  if (start < 0 || end < 0) throw new Error('docs: cannot find the prerendered page (<div id="redoc">) to fix its links');
  const markup = html.slice(start, end).replace(/\bhref="\/(?!\/)/g, 'href="#/');
  return html.slice(0, start) + markup + html.slice(end);
}

/**
 * Search over the introduction's sections. The renderer indexes the headings of every page's
 * Markdown as deep links, except on the overview page, whose slug is empty and so skipped: the
 * sections of `info.description` (Authentication, Errors…) were not searchable. Indexed, a match
 * links to `#/#section/…`, which the renderer scrolls to.
 */
const SKIP_OVERVIEW = 'typeof e==`string`||!t.slug)return;';
const INDEX_OVERVIEW = 'typeof e==`string`||t.slug==null)return;';
export function searchIntroduction(html) {
  const at = html.indexOf(SKIP_OVERVIEW);
  if (at < 0 || html.indexOf(SKIP_OVERVIEW, at + 1) >= 0) {
    throw new Error('docs: the renderer changed (Redoc\'s heading indexer not found exactly once); update searchIntroduction() in scripts/lib/docs-page.js');
  }
  return html.slice(0, at) + INDEX_OVERVIEW + html.slice(at + SKIP_OVERVIEW.length);
}

/** The attribution badge loads its logo from a CDN; keep the credit, drop the fetch. */
const OFFLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  "<svg xmlns='http://www.w3.org/2000/svg' width='56' height='14'><text x='0' y='11' font-size='11' font-family='sans-serif' fill='#555'>Redocly</text></svg>",
)}`;
export const offlineLogo = (html) => html.replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g, OFFLINE_LOGO);

/**
 * What in the page would reach the network: CDN URLs and remote resources. Icon-set bases are only
 * fetched when a description names an icon, which ours never do (the browser test checks that no
 * request leaves the page).
 */
export function networkUses(html) {
  const ICON_SETS = /^https:\/\/cdn\.redocly\.com\/icons\//;
  const cdn = (html.match(/https?:\/\/cdn\.[a-z.]+\/[^"'`\s]*/g) ?? []).filter((url) => !ICON_SETS.test(url));
  const remote = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["'](https?:)?\/\/[^"']+/gi)].map((m) => m[0]);
  return [...new Set([...cdn, ...remote])];
}

/** Every fix, in order. */
export const fixPage = (html) => searchIntroduction(hashLinks(offlineLogo(html)));
