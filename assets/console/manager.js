// The manager's page: today's figures from /api/today, refreshed every 30 seconds.
'use strict';

const TEXT = {
  ar: { title: 'دَوْر — أرقام اليوم', back: 'شاشة الشباك', need_sign_in: 'سجّل الدخول من شاشة الشباك أولاً.',
        issued: 'تذاكر اليوم', served: 'زيارات منتهية', noshow: 'لم يحضروا', waiting_now: 'ينتظرون الآن',
        per_reason: 'حسب سبب الزيارة', reason: 'السبب', times: 'الأوقات (بالدقائق)', mean: 'المتوسط',
        median: 'الوسيط', count: 'العدد', ratings: 'تقييمات الزوار', wait: 'الانتظار حتى النداء',
        visit: 'مدة الخدمة', lang: 'English',
        rating_line: (r) => r.count ? `${num(r.count)} تقييم، المتوسط ${num(r.mean.toFixed(1))} من ٥` : 'لا تقييمات بعد.' },
  en: { title: "Dawr — today's figures", back: 'Counter page', need_sign_in: 'Sign in on the counter page first.',
        issued: 'Tickets today', served: 'Visits finished', noshow: 'Did not come', waiting_now: 'Waiting now',
        per_reason: 'By visit reason', reason: 'Reason', times: 'Times (minutes)', mean: 'Mean',
        median: 'Median', count: 'Count', ratings: "Visitors' ratings", wait: 'Waiting until called',
        visit: 'Service time', lang: 'العربية',
        rating_line: (r) => r.count ? `${num(r.count)} ratings, mean ${num(r.mean.toFixed(1))} of 5` : 'No ratings yet.' },
};
let lang = localStorage.getItem('dawr-lang') === 'en' ? 'en' : 'ar';
let figures = null;
const $ = (id) => document.getElementById(id);
const t = (k, ...a) => { const v = TEXT[lang][k]; return typeof v === 'function' ? v(...a) : v; };
function num(n) { return Number(n).toLocaleString(lang === 'ar' ? 'ar-SA' : 'en-GB'); }

function cell(text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

function render() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  $('lang').textContent = t('lang');
  const f = figures;
  if (!f) return;
  for (const k of ['issued', 'served', 'noshow', 'waiting']) $(k).textContent = num(f[k]);
  const tb = $('services');
  tb.textContent = '';
  for (const s of f.services) {
    const tr = document.createElement('tr');
    tr.append(cell(lang === 'ar' ? s.name_ar : s.name_en), cell(num(s.issued), 'n'), cell(num(s.served), 'n'),
              cell(num(s.noshow), 'n'));
    tb.appendChild(tr);
  }
  const times = $('times');
  times.textContent = '';
  for (const [key, v] of [['wait', f.waiting_minutes], ['visit', f.service_minutes]]) {
    const tr = document.createElement('tr');
    tr.append(cell(t(key)), cell(num(v.mean.toFixed(1)), 'n'), cell(num(v.median.toFixed(1)), 'n'), cell(num(v.count), 'n'));
    times.appendChild(tr);
  }
  $('rating-line').textContent = t('rating_line', f.ratings);
  const bars = $('scores');
  bars.textContent = '';
  const most = Math.max(1, ...Object.values(f.ratings.scores));
  for (const score of ['5', '4', '3', '2', '1']) {
    const n = f.ratings.scores[score];
    const row = document.createElement('div');
    row.className = 'bar-row';
    const label = document.createElement('span');
    label.textContent = '★'.repeat(Number(score));
    const fill = document.createElement('span');
    fill.className = `bar-fill w${Math.round((n / most) * 10)}`;
    row.append(label, fill, document.createTextNode(num(n)));
    bars.appendChild(row);
  }
}

async function load() {
  const res = await fetch('/api/today', { credentials: 'same-origin' });
  if (res.status !== 200) { $('need-sign-in').hidden = false; $('figures').hidden = true; return; }
  figures = await res.json();
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
