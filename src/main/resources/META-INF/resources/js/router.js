// Hash routes (#/tasks/ID), so that the service serves one static page and a reload keeps the view.

let current = null;
let routes = [];
let fallback = '#/overview';

/** routes: [[/^#\/tasks\/(.+)$/, view]], where a view is render(root, ...matches) answering its cleanup. */
export function configure(table, home) {
  routes = table;
  fallback = home;
}

export function go(hash) {
  if (location.hash === hash) show();
  else location.hash = hash;
}

export function show() {
  const root = document.getElementById('view');
  current?.();
  current = null;
  const hash = location.hash || fallback;
  for (const [pattern, view] of routes) {
    const match = hash.match(pattern);
    if (match) {
      root.replaceChildren();
      markNav(hash);
      current = view(root, ...match.slice(1).map(decodeURIComponent)) || null;
      return;
    }
  }
  location.hash = fallback;
}

function markNav(hash) {
  for (const link of document.querySelectorAll('header nav a')) {
    const section = link.getAttribute('href').split('/')[1];
    link.classList.toggle('active', hash.split('/')[1] === section);
  }
}

export function listen() {
  window.addEventListener('hashchange', show);
}
