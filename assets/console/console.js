// The staff console page: sign in, then the counter's desk, kept live by Server-Sent Events.
// No framework; Arabic right-to-left by default, English on a switch (remembered).
'use strict';

const TEXT = {
  ar: {
    title: 'دَوْر — شاشة الموظف', offline: 'غير متصل', online: 'متصل', manager: 'أرقام اليوم',
    sign_out: 'تسجيل الخروج', sign_in_title: 'الدخول إلى الشباك', counter: 'الشباك', pin: 'الرقم السري',
    sign_in: 'دخول', now_serving: 'الزائر الحالي', no_ticket: 'لا أحد الآن. اضغط «النداء التالي».',
    call_next: 'النداء التالي', recall: 'إعادة النداء', serve: 'حضر الزائر', noshow: 'لم يحضر',
    transfer: 'تحويل', done: 'إنهاء الزيارة', waiting: 'المنتظرون', nobody_waiting: 'لا أحد ينتظر.',
    printer: 'الطابعة:', reprint: 'إعادة طباعة التذكرة', transfer_title: 'تحويل الزائر',
    transfer_to: 'إلى خدمة أو شباك', transfer_note: 'ملاحظة قصيرة', transfer_confirm: 'تحويل', cancel: 'إلغاء',
    lang: 'English', minutes: (n) => `${num(n)} دقيقة`, waited: (n) => `انتظر ${num(n)} دقيقة`,
    called: 'تم النداء', serving: 'قيد الخدمة', recalls: (n) => `أعيد النداء ${num(n)} مرة`,
    call_this: 'نداء', priority: 'أولوية', no_pin: '(لا رقم سري)', service: 'خدمة', counter_word: 'شباك',
    printer_unknown: 'غير معروفة', today: (s) => `اليوم: ${num(s.issued_today)} تذكرة، خدم ${num(s.served_today)}، لم يحضر ${num(s.noshow_today)}`,
    ok_call: (c) => `تم نداء ${c}`, ok_recall: (c) => `أعيد نداء ${c}`, ok_serve: (c) => `${c} عند الشباك`,
    ok_noshow: (c) => `${c}: لم يحضر`, ok_transfer: (c) => `حُوّل ${c} ويحتفظ بدوره`, ok_done: (c) => `انتهت زيارة ${c}`,
    ok_reprint: (c) => `تُطبع تذكرة ${c} من جديد`, reprint_queued: (c) => `تذكرة ${c} تنتظر الطابعة`,
    expired: 'انتهت الجلسة، سجّل الدخول مرة أخرى.', note: 'ملاحظة:',
  },
  en: {
    title: 'Dawr — staff console', offline: 'offline', online: 'live', manager: "Today's figures",
    sign_out: 'Sign out', sign_in_title: 'Sign in to a counter', counter: 'Counter', pin: 'PIN',
    sign_in: 'Sign in', now_serving: 'Current visitor', no_ticket: 'Nobody yet. Press “Call next”.',
    call_next: 'Call next', recall: 'Call again', serve: 'Visitor arrived', noshow: 'Did not come',
    transfer: 'Transfer', done: 'Finish visit', waiting: 'Waiting', nobody_waiting: 'Nobody is waiting.',
    printer: 'Printer:', reprint: 'Reprint ticket', transfer_title: 'Transfer the visitor',
    transfer_to: 'To a service or counter', transfer_note: 'Short note', transfer_confirm: 'Transfer', cancel: 'Cancel',
    lang: 'العربية', minutes: (n) => `${num(n)} min`, waited: (n) => `waited ${num(n)} min`,
    called: 'called', serving: 'being served', recalls: (n) => `called again ${num(n)}×`,
    call_this: 'Call', priority: 'priority', no_pin: '(no PIN)', service: 'service', counter_word: 'counter',
    printer_unknown: 'unknown', today: (s) => `Today: ${num(s.issued_today)} tickets, ${num(s.served_today)} served, ${num(s.noshow_today)} did not come`,
    ok_call: (c) => `${c} called`, ok_recall: (c) => `${c} called again`, ok_serve: (c) => `${c} is at the desk`,
    ok_noshow: (c) => `${c} marked as not come`, ok_transfer: (c) => `${c} transferred; it keeps its place`,
    ok_done: (c) => `${c} finished`,
    ok_reprint: (c) => `Reprinting ${c}`, reprint_queued: (c) => `${c} waits for the printer`,
    expired: 'Your sign-in has expired; sign in again.', note: 'Note:',
  },
};

let lang = localStorage.getItem('dawr-lang') === 'en' ? 'en' : 'ar';
let csrf = '';
let state = null;
let stream = null;
let counters = [];

const $ = (id) => document.getElementById(id);
const t = (key, ...args) => { const v = TEXT[lang][key]; return typeof v === 'function' ? v(...args) : v; };
function num(n) { return Number(n).toLocaleString(lang === 'ar' ? 'ar-SA' : 'en-GB'); }
function name(o) { return lang === 'ar' ? o.name_ar : o.name_en; }

function applyLanguage() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  $('lang').textContent = t('lang');
  $('live').textContent = stream && stream.readyState === 1 ? t('online') : t('offline');
  fillCounters();
  if (state) render();
}

async function api(method, path, body) {
  const opts = { method, headers: {}, credentials: 'same-origin' };
  if (method !== 'GET') opts.headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  let data = {};
  try { data = await res.json(); } catch (e) { data = { error: res.statusText }; }
  if (res.status === 401 && path !== '/api/sign-in') showSignIn(data.expired ? t('expired') : '');
  return { status: res.status, data };
}

function fillCounters() {
  const sel = $('counter');
  const chosen = sel.value;
  sel.textContent = '';
  for (const c of counters) {
    const o = document.createElement('option');
    o.value = c.id;
    o.textContent = `${name(c)}${c.pin_set ? '' : ' ' + t('no_pin')}`;
    o.disabled = !c.pin_set;
    sel.appendChild(o);
  }
  if (chosen) sel.value = chosen;
}

function showSignIn(message) {
  if (stream) { stream.close(); stream = null; }
  state = null;
  $('desk').hidden = true;
  $('sign-out').hidden = true;
  $('manager-link').hidden = true;
  $('counter-name').textContent = '';
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message || '';
  $('live').textContent = t('offline');
  $('live').classList.remove('on');
  $('pin').focus();
}

function showDesk() {
  $('sign-in').hidden = true;
  $('desk').hidden = false;
  $('sign-out').hidden = false;
  $('manager-link').hidden = false;
  openStream();
  refresh();
}

function openStream() {
  if (stream) stream.close();
  stream = new EventSource('/api/events');
  stream.addEventListener('change', () => refresh());
  stream.onopen = () => { $('live').textContent = t('online'); $('live').classList.add('on'); };
  stream.onerror = () => { $('live').textContent = t('offline'); $('live').classList.remove('on'); };
}

let refreshing = false, again = false;
async function refresh() {
  if (refreshing) { again = true; return; }
  refreshing = true;
  try {
    const { status, data } = await api('GET', '/api/state');
    if (status === 200) { state = data; render(); }
  } finally {
    refreshing = false;
    if (again) { again = false; refresh(); }
  }
}

function serviceName(id) {
  const s = state && state.services.find((x) => x.id === id);
  return s ? name(s) : id;
}

function render() {
  const s = state;
  $('counter-name').textContent = '— ' + name(s.counter);
  const tk = s.ticket;
  $('ticket-code').textContent = tk ? tk.code : '—';
  if (tk) {
    const parts = [serviceName(tk.service), t(tk.state === 'serving' ? 'serving' : 'called'), t('waited', tk.waited_minutes)];
    if (tk.recalls) parts.push(t('recalls', tk.recalls));
    if (tk.priority) parts.push(t('priority'));
    $('ticket-info').textContent = parts.join(' · ');
  } else {
    $('ticket-info').textContent = t('no_ticket');
  }
  $('ticket-note').hidden = !(tk && tk.note);
  $('ticket-note').textContent = tk && tk.note ? `${t('note')} ${tk.note}` : '';
  const busy = !!tk;
  $('call-next').disabled = busy || s.waiting_total === 0;
  for (const id of ['recall', 'noshow', 'transfer', 'done']) $(id).disabled = !busy;
  $('serve').disabled = !busy || tk.state === 'serving';

  const list = $('waiting-list');
  list.textContent = '';
  for (const w of s.waiting) {
    const li = document.createElement('li');
    const code = document.createElement('span');
    code.className = 'code';
    code.textContent = w.code;
    const what = document.createElement('span');
    what.className = 'what';
    what.textContent = serviceName(w.service);
    if (w.priority) {
      const p = document.createElement('span');
      p.className = 'prio';
      p.textContent = ' · ' + t('priority');
      what.appendChild(p);
    }
    if (w.note) {
      const n = document.createElement('span');
      n.className = 'li-note';
      n.textContent = w.note;
      what.appendChild(n);
    }
    const mins = document.createElement('span');
    mins.className = 'minutes';
    mins.textContent = t('minutes', w.waited_minutes);
    const call = document.createElement('button');
    call.type = 'button';
    call.textContent = t('call_this');
    call.disabled = busy;
    call.addEventListener('click', () => act('/api/call', { ticket: w.code }, 'ok_call'));
    li.append(code, what, mins, call);
    list.appendChild(li);
  }
  $('waiting-count').textContent = `(${num(s.waiting_total)})`;
  $('waiting-empty').hidden = s.waiting_total > 0;
  const p = s.printer;
  const words = p.detail && (p.detail.message || p.detail.reason);
  $('printer-state').textContent = p.state === 'unknown' ? t('printer_unknown')
    : `${p.state}${p.at ? ' · ' + p.at : ''}${words ? ' · ' + words : ''}`;
  $('today-line').textContent = t('today', s);
}

function say(text, bad) {
  $('message').textContent = text;
  $('message').classList.toggle('bad', !!bad);
}

async function act(path, body, okKey) {
  const { status, data } = await api('POST', path, body);
  if (status === 200 && data.ticket) say(t(okKey, data.ticket.code));
  else if (status !== 401) say(data.error || String(status), true);
  refresh();
}

function openTransfer() {
  const sel = $('transfer-target');
  sel.textContent = '';
  const group = (label, items) => {
    const g = document.createElement('optgroup');
    g.label = label;
    for (const [value, text] of items) {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = text;
      g.appendChild(o);
    }
    sel.appendChild(g);
  };
  const current = state.ticket ? state.ticket.service : '';
  group(t('service'), state.services.filter((s) => s.id !== current).map((s) => [s.id, name(s)]));
  group(t('counter_word'), state.counters.map((c) => [c.id, name(c)]));
  $('transfer-note').value = '';
  $('transfer-dialog').showModal();
}

async function start() {
  applyLanguage();
  $('lang').addEventListener('click', () => {
    lang = lang === 'ar' ? 'en' : 'ar';
    localStorage.setItem('dawr-lang', lang);
    applyLanguage();
  });
  $('sign-in-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const { status, data } = await api('POST', '/api/sign-in', { counter: $('counter').value, pin: $('pin').value });
    $('pin').value = '';
    if (status === 200) { csrf = data.csrf; showDesk(); } else $('sign-in-error').textContent = data.error;
  });
  $('sign-out').addEventListener('click', async () => { await api('POST', '/api/sign-out'); showSignIn(''); });
  $('call-next').addEventListener('click', () => act('/api/call-next', undefined, 'ok_call'));
  $('recall').addEventListener('click', () => act('/api/recall', undefined, 'ok_recall'));
  $('serve').addEventListener('click', () => act('/api/serve', undefined, 'ok_serve'));
  $('noshow').addEventListener('click', () => act('/api/noshow', undefined, 'ok_noshow'));
  $('done').addEventListener('click', () => act('/api/done', undefined, 'ok_done'));
  $('transfer').addEventListener('click', openTransfer);
  $('transfer-cancel').addEventListener('click', () => $('transfer-dialog').close());
  $('transfer-form').addEventListener('submit', (e) => {
    e.preventDefault();
    $('transfer-dialog').close();
    act('/api/transfer', { target: $('transfer-target').value, note: $('transfer-note').value }, 'ok_transfer');
  });
  $('reprint').addEventListener('click', async () => {
    // {}: the ticket at this counter, else the one it finished last (202 when queued; 503 when
    // the printer is in trouble, the job queued all the same; 409 when there is none).
    const { status, data } = await api('POST', '/api/reprint', {});
    if (status === 202) say(t('ok_reprint', data.ticket));
    else if (status === 503 && data.queued) say(`${t('reprint_queued', data.ticket)}: ${data.error}`, true);
    else if (status !== 401) say(data.error || String(status), true);
    refresh();
  });
  const { data } = await api('GET', '/api/session');
  counters = data.counters || [];
  fillCounters();
  if (data.signed_in) { csrf = data.csrf; showDesk(); } else showSignIn('');
}

start();
