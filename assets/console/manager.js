// The manager's page: today's report from /api/today (the board's figures for the local service
// day, the same as `dawrctl report`; definitions in README "Reports"), refreshed every 30 seconds.
'use strict';

const TEXT = {
  ar: {
    title: 'دَوْر — أرقام اليوم', back: 'شاشة الشباك', need_sign_in: 'سجّل الدخول من شاشة الشباك أولاً.', lang: 'English',
    same_as_board: 'الأرقام نفسها التي في تقرير مجلس الإدارة، ليوم اليوم حتى الآن.',
    as_of: (day, now) => `${day} — حتى الساعة ${now}`,
    tickets: 'الزيارات', served: 'خُدموا', noshow: 'لم يحضروا', transfers: 'الإحالات',
    open: 'لم تنتهِ بعد', satisfied: 'نسبة الرضا',
    per_reason: 'الزيارات والأوقات حسب سبب الزيارة (بالدقائق)', reason: 'سبب الزيارة', total: 'المجموع',
    wait: 'الانتظار', service: 'الخدمة', median: 'الوسيط', p90: '٩٠٪',
    ratings: 'تقييمات الزوار', low_reasons: 'أسباب التقييمات المنخفضة (١ و٢)',
    rating_line: (r) => r.count
      ? `عدد التقييمات ${num(r.count)}، المتوسط ${num(r.mean, 2)} من ٥، نسبة الرضا ${pct(r.satisfied)}، ` +
        `نسبة المشاركة في التقييم ${pct(r.response_rate)}.`
      : 'لا تقييمات بعد.',
    faces: ['غير راضٍ', 'مقبول', 'جيد', 'جيد جدًا', 'ممتاز'],
    low_none: 'لا تقييمات منخفضة.', low_count: 'تقييمات منخفضة',
    hours: 'أكثر ساعات اليوم ازدحامًا', no_hours: 'لا زيارات بعد.', hour_line: (h) => `وسيط الانتظار ${h}`,
    per_counter: 'حسب الشباك', counter: 'الشباك', rating_mean: 'متوسط التقييم',
    counters_note: 'أرقام الشبابيك للتحسين، لا لمحاسبة الأشخاص.',
    help_title: 'طلبات المساعدة من الزوار',
    help_line: (h) => h.calls
      ? `طلبات المساعدة ${num(h.calls)}، أُجيب منها ${num(h.answered)}` + (h.answered
        ? `؛ وسيط وقت الإجابة ${num(h.answer_seconds.median)} ثانية، وأطوله ${num(h.longest_seconds)} ثانية.` : '.')
      : 'لا طلبات مساعدة اليوم.',
    min: 'د',
    reasons: { waiting: 'مدة الانتظار', courtesy: 'حسن التعامل', clarity: 'وضوح الإجراءات', place: 'المكان',
               other: 'سبب آخر' },
  },
  en: {
    title: "Dawr — today's figures", back: 'Counter page', need_sign_in: 'Sign in on the counter page first.', lang: 'العربية',
    same_as_board: "The same figures as the board's report, for today so far.",
    as_of: (day, now) => `${day} — as of ${now}`,
    tickets: 'Visits', served: 'Served', noshow: 'No-shows', transfers: 'Referrals',
    open: 'Not finished yet', satisfied: 'Satisfied',
    per_reason: 'Visits and times per visit reason (minutes)', reason: 'Visit reason', total: 'Total',
    wait: 'Waiting', service: 'Service', median: 'median', p90: 'p90',
    ratings: "Visitors' ratings", low_reasons: 'Reasons given with low ratings (1 and 2)',
    rating_line: (r) => r.count
      ? `Ratings: ${num(r.count)}, mean ${num(r.mean, 2)} of 5, satisfied ${pct(r.satisfied)}, ` +
        `response rate ${pct(r.response_rate)}.`
      : 'No ratings yet.',
    faces: ['Not satisfied', 'Fair', 'Good', 'Very good', 'Excellent'],
    low_none: 'No low ratings.', low_count: 'Low ratings',
    hours: 'Busiest hours of the day', no_hours: 'No visits yet.', hour_line: (h) => `median wait ${h}`,
    per_counter: 'Per counter', counter: 'Counter', rating_mean: 'Mean rating',
    counters_note: 'Counter figures are for improvement, not for judging people.',
    help_title: "Visitors' calls for help",
    help_line: (h) => h.calls
      ? `Help calls: ${num(h.calls)}, answered ${num(h.answered)}` + (h.answered
        ? `; median time to answer ${num(h.answer_seconds.median)} s, longest ${num(h.longest_seconds)} s.` : '.')
      : 'No calls for help today.',
    min: 'min',
    reasons: { waiting: 'Waiting time', courtesy: 'Courtesy of the staff', clarity: 'Clarity of the procedure',
               place: 'The place', other: 'Something else' },
  },
};
let lang = localStorage.getItem('dawr-lang') === 'en' ? 'en' : 'ar';
let report = null;
const $ = (id) => document.getElementById(id);
const t = (k, ...a) => { const v = TEXT[lang][k]; return typeof v === 'function' ? v(...a) : v; };
const locale = () => (lang === 'ar' ? 'ar-SA' : 'en-GB');
// Undefined figures (null: no values to compute them from) are shown as a dash.
function num(n, digits = 0) {
  if (n === null || n === undefined) return '—';
  return Number(n).toLocaleString(locale(), { maximumFractionDigits: digits });
}
function pct(x) {
  if (x === null || x === undefined) return '—';
  return Number(x).toLocaleString(locale(), { style: 'percent', maximumFractionDigits: 0 });
}
// "2026-11-25" as the local language writes it, in the Gregorian calendar.
function dayText(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(lang === 'ar' ? 'ar-SA-u-ca-gregory' : 'en-GB',
    { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
const name = (g) => (lang === 'ar' ? g.name_ar : g.name_en);

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

// A table: two header rows (the figure, then median / p90 under the times), one row per group.
function table(id, firstHead, rows, columns) {
  const tb = $(id);
  tb.textContent = '';
  const head = el('thead');
  const h1 = el('tr'), h2 = el('tr');
  const first = el('th', firstHead);
  first.rowSpan = 2;
  h1.append(first);
  for (const c of columns) {
    if (c.pair) {
      const th = el('th', t(c.head), 'n');
      th.colSpan = 2;
      h1.append(th);
      h2.append(el('th', t('median'), 'n'), el('th', t('p90'), 'n'));
    } else {
      const th = el('th', t(c.head), 'n');
      th.rowSpan = 2;
      h1.append(th);
    }
  }
  head.append(h1, h2);
  const body = el('tbody');
  for (const [label, g, cls] of rows) {
    const tr = el('tr', undefined, cls);
    tr.append(el('td', label));
    for (const c of columns) {
      if (c.pair) tr.append(el('td', num(g[c.key].median, 1), 'n'), el('td', num(g[c.key].p90, 1), 'n'));
      else tr.append(el('td', c.value(g), 'n'));
    }
    body.append(tr);
  }
  tb.append(head, body);
}

// A row of a bar chart: label, a bar as long as N is to MOST (CSS classes w0..w10), the text.
function barRow(label, n, most, text) {
  const row = el('div', undefined, 'bar-row');
  const track = el('span', undefined, 'bar-track');
  track.append(el('span', undefined, `bar-fill w${most ? Math.round((n / most) * 10) : 0}`));
  row.append(el('span', label, 'bar-label'), track, el('span', text, 'bar-text'));
  return row;
}

function render() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = t('title');
  for (const e of document.querySelectorAll('[data-t]')) e.textContent = t(e.dataset.t);
  $('lang').textContent = t('lang');
  const r = report;
  if (!r) return;
  const f = r.total;
  $('as-of').textContent = t('as_of', dayText(r.day), r.now.replace(/\d/g, (d) => num(Number(d))));
  for (const k of ['tickets', 'served', 'noshow', 'transfers', 'open']) $(k).textContent = num(f[k]);
  $('satisfied').textContent = pct(f.ratings.satisfied);

  table('reasons', t('reason'), [...r.reasons.map((g) => [name(g), g]), [t('total'), f, 'total']], [
    { head: 'tickets', value: (g) => num(g.tickets) }, { head: 'served', value: (g) => num(g.served) },
    { head: 'noshow', value: (g) => num(g.noshow) }, { head: 'transfers', value: (g) => num(g.transfers) },
    { head: 'open', value: (g) => num(g.open) },
    { head: 'wait', key: 'wait_minutes', pair: true }, { head: 'service', key: 'service_minutes', pair: true },
  ]);

  $('rating-line').textContent = t('rating_line', f.ratings);
  $('help-line').textContent = t('help_line', f.help);
  const faces = $('faces');
  faces.textContent = '';
  const most = Math.max(...f.ratings.faces);
  for (let score = 5; score >= 1; score--) {
    const n = f.ratings.faces[score - 1];
    faces.append(barRow(`${num(score)} ${t('faces')[score - 1]}`, n, most, num(n)));
  }
  const low = $('low-reasons');
  low.textContent = '';
  const lowRow = (label, n) => { const tr = el('tr'); tr.append(el('td', label), el('td', num(n), 'n')); low.append(tr); };
  if (!f.ratings.low) lowRow(t('low_none'), 0);
  else {
    lowRow(t('low_count'), f.ratings.low);
    for (const [tag, n] of Object.entries(f.ratings.low_reasons)) lowRow(t('reasons')[tag] || tag, n);
  }

  const hours = $('hours');
  hours.textContent = '';
  $('no-hours').hidden = r.hours.length > 0;
  const busiest = Math.max(0, ...r.hours.map((h) => h.tickets));
  for (const h of r.hours) {
    const label = `${num(h.hour).padStart(2, num(0))}:${num(0)}${num(0)}`;
    const wait = h.wait_minutes.median === null ? '' : ` — ${t('hour_line', `${num(h.wait_minutes.median, 1)} ${t('min')}`)}`;
    const row = barRow(label, h.tickets, busiest, `${num(h.tickets)}${wait}`);
    if (h.tickets === busiest) row.classList.add('busiest');
    hours.append(row);
  }

  table('counters', t('counter'), r.counters.map((g) => [name(g), g]), [
    { head: 'tickets', value: (g) => num(g.tickets) }, { head: 'served', value: (g) => num(g.served) },
    { head: 'noshow', value: (g) => num(g.noshow) }, { head: 'transfers', value: (g) => num(g.transfers) },
    { head: 'wait', key: 'wait_minutes', pair: true }, { head: 'service', key: 'service_minutes', pair: true },
    { head: 'ratings', value: (g) => num(g.ratings.count) },
    { head: 'rating_mean', value: (g) => num(g.ratings.mean, 2) },
  ]);
}

async function load() {
  const res = await fetch('/api/today', { credentials: 'same-origin' });
  if (res.status !== 200) { $('need-sign-in').hidden = false; $('figures').hidden = true; return; }
  report = await res.json();
  $('need-sign-in').hidden = true;
  $('figures').hidden = false;
  render();
}

$('lang').addEventListener('click', () => {
  lang = lang === 'ar' ? 'en' : 'ar';
  localStorage.setItem('dawr-lang', lang);
  render();
});
render();
load();
setInterval(load, 30000);
