// The pages' words. The console answers GET /api/strings?lang=LANG from the same gettext
// catalogues as the kiosk, the receipt and the reports (po/ar.po, po/en.po); a msgid is the
// English text, and `make pot` extracts tr('...'), trc('context', '...') and ntr('...', '...', n)
// from these scripts.
'use strict';

const catalogues = {};
let catalogue = { messages: {}, plural: (n) => (n === 1 ? 0 : 1) };

// Fetches the catalogues of LANGS (both, at start: the language switch then waits for nothing).
async function loadLanguages(...langs) {
  await Promise.all(langs.filter((l) => !catalogues[l]).map(async (l) => {
    const res = await fetch(`/api/strings?lang=${l}`, { credentials: 'same-origin' });
    const data = res.status === 200 ? await res.json() : { messages: {}, plural: '(n != 1)' };
    catalogues[l] = { messages: data.messages, plural: pluralRule(data.plural) };
  }));
}

// Makes LANG's catalogue (loaded) the one tr() reads.
function useLanguage(lang) {
  catalogue = catalogues[lang] || catalogue;
}

function tr(msgid) {
  const s = catalogue.messages[msgid];
  return typeof s === 'string' && s ? s : msgid;
}

// The same English with two meanings, told apart by CONTEXT (gettext's msgctxt).
function trc(context, msgid) {
  const s = catalogue.messages[`${context}\u0004${msgid}`];
  return typeof s === 'string' && s ? s : msgid;
}

// The form of SINGULAR/PLURAL for N: Arabic has six.
function ntr(singular, plural, n) {
  const forms = catalogue.messages[singular];
  const f = Array.isArray(forms) ? forms[catalogue.plural(n)] : '';
  return f || (n === 1 ? singular : plural);
}

// TEMPLATE with each {name} replaced by VALUES[name].
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, k) => (k in values ? String(values[k]) : all));
}

// A catalogue's Plural-Forms expression (C syntax over n) as a function, without eval (the
// console's Content-Security-Policy forbids it): ?:, || && == != < > <= >= + - * / % ! and ().
function pluralRule(expr) {
  const tokens = String(expr).match(/\d+|n|\|\||&&|[=!<>]=|[-+*/%!<>?:()]/g) || [];
  let at = 0;
  const peek = () => tokens[at], take = () => tokens[at++];
  const binary = (next, ops) => () => {
    let left = next();
    while (ops[peek()]) { const op = ops[take()], l = left, r = next(); left = (n) => op(l(n), r(n)); }
    return left;
  };
  function primary() {
    const t = take();
    if (t === '(') { const e = ternary(); take(); return e; }
    if (t === '!') { const e = primary(); return (n) => (e(n) ? 0 : 1); }
    if (t === 'n') return (n) => n;
    const v = Number(t);
    return () => v;
  }
  const mul = binary(primary, { '*': (a, b) => a * b, '/': (a, b) => Math.trunc(a / b), '%': (a, b) => a % b });
  const add = binary(mul, { '+': (a, b) => a + b, '-': (a, b) => a - b });
  const rel = binary(add, { '<': (a, b) => +(a < b), '>': (a, b) => +(a > b), '<=': (a, b) => +(a <= b),
                            '>=': (a, b) => +(a >= b) });
  const eq = binary(rel, { '==': (a, b) => +(a === b), '!=': (a, b) => +(a !== b) });
  const and = binary(eq, { '&&': (a, b) => +(a && b) });
  const or = binary(and, { '||': (a, b) => +(a || b) });
  function ternary() {
    const c = or();
    if (peek() !== '?') return c;
    take();
    const yes = ternary();
    take();
    const no = ternary();
    return (n) => (c(n) ? yes(n) : no(n));
  }
  const rule = ternary();
  return (n) => rule(Math.abs(Math.trunc(n)));
}
