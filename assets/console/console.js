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
    ok_reprint: (c) => `تُطبع تذكرة ${c} من جديد`,
    note: 'ملاحظة:',
    help_ack: 'أنا قادم',
    help_words: (h) => `زائر عند ${whereWord(h.source)} يحتاج إلى مساعدة، منذ الساعة ${h.at}`,
    help_late: 'لم يجبه أحد بعد',
    where_kiosk: 'شاشة التذاكر', where_other: 'الاستقبال',
    ok_help: (s) => `شكرًا، سُجّل أنك قادم (بعد ${num(s)} ثانية).`,
    states: { waiting: 'ينتظر', called: 'نودي عليه', serving: 'قيد الخدمة', done: 'انتهت زيارته', noshow: 'لم يحضر',
              cancelled: 'أُلغيت' },
    // The server's error codes (docs/api.md "Errors"), filled with the answer's values V.
    e_bad_request: 'تعذّر فهم الطلب. أعد تحميل الصفحة.',
    e_too_large: 'الطلب أطول من المسموح. اختصر الملاحظة.',
    e_bad_method: 'تعذّر تنفيذ الطلب. أعد تحميل الصفحة.',
    e_not_found: 'الطلب غير موجود. أعد تحميل الصفحة.',
    e_sign_in_first: 'سجّل الدخول أولاً.',
    e_expired: 'انتهت الجلسة، سجّل الدخول مرة أخرى.',
    e_bad_csrf: 'انتهت صلاحية الصفحة. أعد تحميلها.',
    e_wrong_pin: (v) => `الرقم السري غير صحيح. المحاولات المتبقية: ${num(v.attempts_left)}.`,
    e_locked: (v) => `أُوقف الدخول إلى هذا الشباك بعد محاولات خاطئة. حاول بعد ${num(minutesUp(v.retry_after))} دقيقة.`,
    e_no_pin: (v) => `لا رقم سري لـ${counterName(v.counter)}. اطلب من المشرف تحديده.`,
    e_nothing_to_reprint: 'لا تذكرة لإعادة طباعتها: لا زائر عند الشباك ولم تنتهِ زيارة اليوم.',
    e_printer_trouble: (v) => `تذكرة ${v.ticket} تنتظر الطابعة: الطابعة تحتاج إلى انتباه، وتُطبع بعد إصلاحها.`,
    e_cannot_print: (v) => `تعذّرت طباعة تذكرة ${v.ticket}، ولم يُطبع شيء.`,
    e_out_of_memory: 'الجهاز مشغول. حاول مرة أخرى.',
    e_db_failed: 'تعذّر حفظ العملية ولم يتغير شيء. حاول مرة أخرى، وإن تكرر فأبلغ المشرف.',
    e_unknown_counter: (v) => `لا يوجد شباك «${v.counter}».`,
    e_unknown_service: (v) => `لا توجد خدمة «${v.service}».`,
    e_unknown_target: (v) => `لا توجد خدمة أو شباك «${v.target}».`,
    e_not_a_ticket: (v) => `«${v.ticket}» ليس رقم تذكرة (مثل A-023).`,
    e_no_ticket: (v) => `لا توجد تذكرة ${v.ticket} اليوم.`,
    e_counter_busy: (v) => `${counterName(v.counter)} ما زال ${v.state === 'serving' ? 'يخدم' : 'ينادي'} ${v.ticket}. ` +
      'أنهِ الزيارة أو حوّلها أو سجّل «لم يحضر» أولاً.',
    e_nobody_waiting: (v) => `لا أحد ينتظر ${counterName(v.counter)}.`,
    e_not_waiting: (v) => `التذكرة ${v.ticket} لا تنتظر (${stateWord(v.state)}).`,
    e_other_day: (v) => `التذكرة ${v.ticket} من يوم ${v.day}.`,
    e_sent_elsewhere: (v) => `حُوّلت التذكرة ${v.ticket} إلى ${counterName(v.counter)}.`,
    e_not_served_here: (v) => `${counterName(v.counter)} لا يقدّم خدمة «${serviceName(v.service)}» (${v.ticket}).`,
    e_no_visitor: (v) => `لا زائر الآن عند ${counterName(v.counter)}.`,
    e_already_serving: (v) => `الزائر ${v.ticket} قيد الخدمة بالفعل.`,
    e_noshow_while_serving: (v) => `الزائر ${v.ticket} قيد الخدمة؛ «لم يحضر» لمن لم يأتِ.`,
    e_noshow_too_early: (v) => `ما زال الوقت مبكراً لتسجيل «لم يحضر» لـ${v.ticket}: ` + [
      v.recalls_left > 0 ? `أعد النداء ${num(v.recalls_left)} مرة` : '',
      v.seconds_left > 0 ? `انتظر ${num(minutesUp(v.seconds_left))} دقيقة` : ''].filter(Boolean).join(' و') +
      '. كبار السن يمشون ببطء.',
    e_already_at_counter: (v) => `التذكرة ${v.ticket} عند ${counterName(v.counter)} بالفعل.`,
    e_already_for_service: (v) => `التذكرة ${v.ticket} لخدمة «${serviceName(v.service)}» بالفعل. اختر خدمة أخرى أو شباكاً.`,
    e_note_too_long: (v) => `الملاحظة طويلة، اختصرها (الحد ${num(v.max_bytes)} بايت).`,
    e_cannot_cancel: (v) => `لا يمكن إلغاء ${v.ticket} (${stateWord(v.state)}).`,
    e_bad_score: () => `التقييم من ${num(1)} إلى ${num(5)}.`,
    e_unknown_reason: (v) => `سبب تقييم غير معروف «${v.reason}».`,
    e_not_finished: (v) => `لا يمكن تقييم ${v.ticket}: لم تنتهِ زيارته بخدمة.`,
    e_already_rated: (v) => `قُيّمت زيارة ${v.ticket} من قبل.`,
    e_bad_event: 'حدث غير صالح.',
    e_too_old_to_rate: (v) => `مضى على زيارة ${v.ticket} أكثر من ${num(v.days)} أيام، فلا تُقيَّم الآن.`,
    e_no_help_call: 'لا زائر ينتظر المساعدة الآن.',
    e_help_answered: (v) => `${counterName(v.counter)} في الطريق إلى الزائر بالفعل.`,
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
    ok_reprint: (c) => `Reprinting ${c}`,
    note: 'Note:',
    help_ack: "I'm coming",
    help_words: (h) => `A visitor at the ${whereWord(h.source)} needs help, since ${h.at}`,
    help_late: 'nobody has answered yet',
    where_kiosk: 'ticket kiosk', where_other: 'reception',
    ok_help: (s) => `Thank you: you are on your way (after ${num(s)} s).`,
    states: { waiting: 'waiting', called: 'called', serving: 'being served', done: 'finished', noshow: 'did not come',
              cancelled: 'cancelled' },
    e_bad_request: 'The request was not understood. Reload the page.',
    e_too_large: 'The request is too long. Shorten the note.',
    e_bad_method: 'The request could not be done. Reload the page.',
    e_not_found: 'No such request. Reload the page.',
    e_sign_in_first: 'Sign in first.',
    e_expired: 'Your sign-in has expired; sign in again.',
    e_bad_csrf: 'The page is out of date. Reload it.',
    e_wrong_pin: (v) => `Wrong PIN. Attempts left: ${num(v.attempts_left)}.`,
    e_locked: (v) => `Sign-in at this counter is locked after wrong PINs. Try again in ${num(minutesUp(v.retry_after))} min.`,
    e_no_pin: (v) => `${counterName(v.counter)} has no PIN. Ask the supervisor to set one.`,
    e_nothing_to_reprint: 'No ticket to reprint: nobody at the counter and no visit finished today.',
    e_printer_trouble: (v) => `${v.ticket} waits for the printer: it needs attention, and prints once fixed.`,
    e_cannot_print: (v) => `${v.ticket} could not be printed; nothing was printed.`,
    e_out_of_memory: 'The machine is busy. Try again.',
    e_db_failed: 'The action could not be saved and nothing changed. Try again; if it repeats, tell the supervisor.',
    e_unknown_counter: (v) => `There is no counter “${v.counter}”.`,
    e_unknown_service: (v) => `There is no service “${v.service}”.`,
    e_unknown_target: (v) => `There is no service or counter “${v.target}”.`,
    e_not_a_ticket: (v) => `“${v.ticket}” is not a ticket number (like A-023).`,
    e_no_ticket: (v) => `There is no ticket ${v.ticket} today.`,
    e_counter_busy: (v) => `${counterName(v.counter)} is still ${v.state === 'serving' ? 'serving' : 'calling'} ${v.ticket}. ` +
      'Finish, transfer or mark “did not come” first.',
    e_nobody_waiting: (v) => `Nobody is waiting for ${counterName(v.counter)}.`,
    e_not_waiting: (v) => `${v.ticket} is not waiting (${stateWord(v.state)}).`,
    e_other_day: (v) => `${v.ticket} is from ${v.day}.`,
    e_sent_elsewhere: (v) => `${v.ticket} was sent to ${counterName(v.counter)}.`,
    e_not_served_here: (v) => `${counterName(v.counter)} does not serve “${serviceName(v.service)}” (${v.ticket}).`,
    e_no_visitor: (v) => `Nobody is at ${counterName(v.counter)} now.`,
    e_already_serving: (v) => `${v.ticket} is already being served.`,
    e_noshow_while_serving: (v) => `${v.ticket} is being served; “did not come” is for a visitor who has not come.`,
    e_noshow_too_early: (v) => `Too soon to mark ${v.ticket} as not come: ` + [
      v.recalls_left > 0 ? `call again ${num(v.recalls_left)} more time${v.recalls_left === 1 ? '' : 's'}` : '',
      v.seconds_left > 0 ? `wait ${num(minutesUp(v.seconds_left))} more min` : ''].filter(Boolean).join(' and ') +
      '. Older visitors walk slowly.',
    e_already_at_counter: (v) => `${v.ticket} is already at ${counterName(v.counter)}.`,
    e_already_for_service: (v) => `${v.ticket} is already for “${serviceName(v.service)}”. Choose another service or a counter.`,
    e_note_too_long: (v) => `The note is too long; shorten it (at most ${num(v.max_bytes)} bytes).`,
    e_cannot_cancel: (v) => `${v.ticket} cannot be cancelled (${stateWord(v.state)}).`,
    e_bad_score: () => `A rating is from ${num(1)} to ${num(5)}.`,
    e_unknown_reason: (v) => `Unknown rating reason “${v.reason}”.`,
    e_not_finished: (v) => `${v.ticket} cannot be rated: its visit did not end with a service.`,
    e_already_rated: (v) => `${v.ticket} has already been rated.`,
    e_bad_event: 'Not a valid event.',
    e_too_old_to_rate: (v) => `The visit of ${v.ticket} was more than ${num(v.days)} days ago; it can no longer be rated.`,
    e_no_help_call: 'No visitor is waiting for help now.',
    e_help_answered: (v) => `${counterName(v.counter)} is already on the way to the visitor.`,
  },
};

let lang = localStorage.getItem('dawr-lang') === 'en' ? 'en' : 'ar';
let csrf = '';
let state = null;
let stream = null;
let counters = [];
let said = null, signInWords = null;   // the shown messages, as functions: the language switch says them again

const $ = (id) => document.getElementById(id);
const t = (key, ...args) => { const v = TEXT[lang][key]; return typeof v === 'function' ? v(...args) : v; };
function num(n) { return Number(n).toLocaleString(lang === 'ar' ? 'ar-SA' : 'en-GB'); }
function name(o) { return lang === 'ar' ? o.name_ar : o.name_en; }
function minutesUp(seconds) { return Math.max(1, Math.ceil(seconds / 60)); }
function stateWord(s) { return TEXT[lang].states[s] || s; }
function counterName(id) {
  const c = counters.find((x) => x.id === id);
  return c ? name(c) : `${t('counter_word')} ${id}`;
}

// An error answer in the page's language: its code's words with its values, else the server's words.
function refusal(data, status) {
  const words = TEXT[lang]['e_' + data.code];
  if (words === undefined) return data.error || String(status);
  return typeof words === 'function' ? words(data) : words;
}

function applyLanguage() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = t('title');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  $('lang').textContent = t('lang');
  $('live').textContent = stream && stream.readyState === 1 ? t('online') : t('offline');
  fillCounters();
  if (state) render();
  $('sign-in-error').textContent = signInWords ? signInWords() : '';
  if (said) say(said.words, said.bad);
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
  if (res.status === 401 && path !== '/api/sign-in') showSignIn(data.expired ? () => refusal(data, res.status) : null);
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

function showSignIn(words) {
  if (stream) { stream.close(); stream = null; }
  state = null;
  $('desk').hidden = true;
  $('sign-out').hidden = true;
  $('manager-link').hidden = true;
  $('counter-name').textContent = '';
  $('sign-in').hidden = false;
  signInWords = words;
  $('sign-in-error').textContent = words ? words() : '';
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

// Help calls: the open ones as the server last said, when each was received (for its age), and
// which have sounded (once when they come, once more when help_answer_seconds pass unanswered).
let helpCalls = [], helpAnswerSeconds = 60;
const helpSeen = new Map();
function whereWord(source) { return t(source === 'kiosk' ? 'where_kiosk' : 'where_other'); }

function chime() {
  const a = $('help-sound');
  a.dataset.plays = String(Number(a.dataset.plays || 0) + 1);
  a.currentTime = 0;
  const p = a.play();
  if (p) p.catch(() => {});   // a browser refusing sound still shows the banner
}

function setHelpCalls(calls) {
  helpCalls = calls;
  for (const h of calls)
    if (!helpSeen.has(h.id)) { helpSeen.set(h.id, { since: Date.now() - h.age_seconds * 1000, late: false }); chime(); }
  renderHelp();
}

function renderHelp() {
  const h = helpCalls[0];
  $('help-banner').hidden = !h;
  if (!h) return;
  const late = helpSeen.get(h.id).late;
  $('help-banner').classList.toggle('late', late);
  $('help-words').textContent = t('help_words', h) + (helpCalls.length > 1 ? ` (+${num(helpCalls.length - 1)})` : '') +
    (late ? ` — ${t('help_late')}` : '');
}

// Unanswered past help_answer_seconds: the sound once more, and the banner says nobody answered.
setInterval(() => {
  for (const h of helpCalls) {
    const seen = helpSeen.get(h.id);
    if (!seen.late && Date.now() - seen.since >= helpAnswerSeconds * 1000) { seen.late = true; chime(); renderHelp(); }
  }
}, 1000);

function onHelpEvent(e) {
  const d = JSON.parse(e.data);
  if (d.kind === 'help' && !helpCalls.some((h) => h.id === d.id))
    setHelpCalls(helpCalls.concat([{ id: d.id, at: d.at, source: d.source, screen: '', age_seconds: 0 }]));
  else if (d.kind === 'help_ack') { helpCalls = helpCalls.filter((h) => h.id !== d.id); renderHelp(); }
}

async function answerHelp() {
  const h = helpCalls[0];
  if (!h) return;
  const { status, data } = await api('POST', '/api/help-ack', { call: h.id });
  if (status === 200) say(() => t('ok_help', data.seconds));
  else if (status !== 401) say(() => refusal(data, status), true);
  refresh();
}

function openStream() {
  if (stream) stream.close();
  stream = new EventSource('/api/events');
  stream.addEventListener('change', () => refresh());
  stream.addEventListener('help', onHelpEvent);
  stream.onopen = () => { $('live').textContent = t('online'); $('live').classList.add('on'); };
  stream.onerror = () => { $('live').textContent = t('offline'); $('live').classList.remove('on'); };
}

let refreshing = false, again = false;
async function refresh() {
  if (refreshing) { again = true; return; }
  refreshing = true;
  try {
    const { status, data } = await api('GET', '/api/state');
    if (status === 200) {
      state = data;
      helpAnswerSeconds = data.help_answer_seconds;
      setHelpCalls(data.help_calls);
      render();
    }
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

function say(words, bad) {
  said = { words, bad };
  $('message').textContent = words();
  $('message').classList.toggle('bad', !!bad);
}

async function act(path, body, okKey) {
  const { status, data } = await api('POST', path, body);
  if (status === 200 && data.ticket) say(() => t(okKey, data.ticket.code));
  else if (status !== 401) say(() => refusal(data, status), true);
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
    if (status === 200) { csrf = data.csrf; showDesk(); } else showSignIn(() => refusal(data, status));
  });
  $('sign-out').addEventListener('click', async () => { await api('POST', '/api/sign-out'); showSignIn(null); });
  $('call-next').addEventListener('click', () => act('/api/call-next', undefined, 'ok_call'));
  $('recall').addEventListener('click', () => act('/api/recall', undefined, 'ok_recall'));
  $('serve').addEventListener('click', () => act('/api/serve', undefined, 'ok_serve'));
  $('noshow').addEventListener('click', () => act('/api/noshow', undefined, 'ok_noshow'));
  $('done').addEventListener('click', () => act('/api/done', undefined, 'ok_done'));
  $('transfer').addEventListener('click', openTransfer);
  $('help-ack').addEventListener('click', answerHelp);
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
    if (status === 202) say(() => t('ok_reprint', data.ticket));
    else if (status !== 401) say(() => refusal(data, status), true);   // 503 printer_trouble: queued all the same
    refresh();
  });
  const { data } = await api('GET', '/api/session');
  counters = data.counters || [];
  fillCounters();
  if (data.signed_in) { csrf = data.csrf; showDesk(); } else showSignIn(null);
}

start();
