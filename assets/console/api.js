// What the three console pages share, loaded after i18n.js and before the page's own script
// (which defines its words, TEXT): the page's language, remembered for every page; the
// session's CSRF token; api(), the console's JSON API (docs/api.md); what a 401 does; the start.
'use strict';

let lang = localStorage.getItem('dawr-lang') === 'en' ? 'en' : 'ar';
let csrf = '';
// The page's answer to a 401 (signed out, or the sign-in expired), given the answer's data.
let onSignedOut = null;

const $ = (id) => document.getElementById(id);
const t = (key, ...args) => TEXT[key](...args);

// An error answer in the page's language: its code's words with its values, else the server's words.
function refusal(data, status) {
  const words = TEXT['e_' + data.code];
  return words ? words(data) : data.error || String(status);
}

// METHOD PATH with BODY as JSON: { status, data }. A change carries the CSRF token; the page's
// language asks the server's own words, for a code the page has none for.
async function api(method, path, body) {
  const opts = { method, headers: { 'Accept-Language': lang }, credentials: 'same-origin' };
  if (method !== 'GET') opts.headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  let data = {};
  try { data = await res.json(); } catch (e) { data = { error: res.statusText }; }
  if (res.status === 401 && path !== '/api/sign-in' && onSignedOut) onSignedOut(data);
  return { status: res.status, data };
}

// The session (signed in or not, the counters), its CSRF token kept for the changes.
async function loadSession() {
  const { data } = await api('GET', '/api/session');
  csrf = data.csrf || '';
  return data;
}

// The page in its language: <html>'s lang and direction, the title, every [data-t] element, and
// the switch, which names the other language in its own words.
function showLanguage() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = t('title');
  for (const e of document.querySelectorAll('[data-t]')) e.textContent = t(e.dataset.t);
  $('lang').textContent = lang === 'ar' ? 'English' : 'العربية';
}

// Starts a page: both catalogues (the switch then waits for nothing), the language switch, and
// RENDER (which calls showLanguage) drawn in the page's language, then at each switch.
async function startPage(render) {
  await loadLanguages('ar', 'en');
  useLanguage(lang);
  $('lang').addEventListener('click', () => {
    lang = lang === 'ar' ? 'en' : 'ar';
    localStorage.setItem('dawr-lang', lang);
    useLanguage(lang);
    render();
  });
  render();
}
