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
    states: { waiting: 'ينتظر', called: 'نودي عليه', serving: 'قيد الخدمة', done: 'انتهت زيارته', noshow: 'لم يحضر',
              cancelled: 'أُلغيت', aside: 'منحّاة مؤقتًا' },
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
    aside: 'تنحية مؤقتة', outcome: 'نتيجة الزيارة', outcome_none: '— بلا نتيجة —',
    new_ticket: 'تذكرة جديدة', issue_service: 'سبب الزيارة', issue_channel: 'كيف وصل الطلب',
    issue_needs: 'الأولوية وما يساعد الزائر', priority_word: 'أولوية', issue_handled: 'عولج الآن (لا ينتظر)',
    issue_print: 'اطبع التذكرة', issue_confirm: 'إصدار', aside_title: 'تذاكر منحّاة مؤقتًا', take_back: 'استئناف',
    aside_since: (n, c) => `منذ ${num(n)} دقيقة · ${counterName(c)}`,
    ok_aside: (c) => `نُحّي ${c} مؤقتًا ويحتفظ برقمه ومكانه`, ok_resume: (c) => `استُؤنفت زيارة ${c}`,
    ok_issue: (c) => `صدرت التذكرة ${c}`, ok_handled: (c) => `سُجّلت ${c} زيارةً عولجت في الحال`,
    ok_documents: (c) => `انتهت زيارة ${c}، وتُطبع قائمة المستندات المطلوبة`,
    fetch: 'الزائر ضعيف السمع وقد لا يسمع النداء: اذهب إليه وأحضره.',
    needs: { wheelchair: 'كرسي متحرك', cannot_stand: 'لا يستطيع الوقوف طويلًا', frail: 'كبير السن ضعيف', unwell: 'متعب صحيًا',
             hard_of_hearing: 'ضعيف السمع', companion: 'معه مرافق', cannot_read: 'لا يقرأ' },
    marks: { walk: 'اذهب إليه', loud: 'تحدّث بصوت واضح وواجهه', read: 'اقرأ له ما يلزم' },
    channels: { kiosk: 'الجهاز', desk: 'حضوريًا عند الشباك', phone: 'اتصال هاتفي', whatsapp: 'واتساب', letter: 'خطاب',
                branch: 'مندوب الفرع', home_visit: 'طلب زيارة منزلية' },
    e_unknown_need: (v) => `حاجة غير معروفة «${v.need}».`,
    e_unknown_channel: (v) => `قناة غير معروفة «${v.channel}».`,
    e_unknown_outcome: (v) => `نتيجة غير معروفة «${v.outcome}».`,
    e_not_handled_at_once: 'تذكرة الجهاز لا تُسجَّل زيارةً عولجت في الحال؛ اختر القناة.',
    e_outcome_needs_handling: 'تُسجَّل النتيجة عند إصدار التذكرة للزيارة التي عولجت في الحال فقط.',
    e_cannot_set_aside: (v) => `لا يمكن تنحية ${v.ticket} (${stateWord(v.state)}).`,
    e_not_aside: (v) => `التذكرة ${v.ticket} ليست منحّاة (${stateWord(v.state)}).`,
    e_stale: (v) => `تغيّر الزائر عند الشباك: الآن ${v.ticket} وليس ${v.expected}. لم يتغير شيء؛ راجع الصفحة.`,
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
    states: { waiting: 'waiting', called: 'called', serving: 'being served', done: 'finished', noshow: 'did not come',
              cancelled: 'cancelled', aside: 'set aside' },
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
    aside: 'Set aside', outcome: 'Outcome', outcome_none: '— no outcome —',
    new_ticket: 'New ticket', issue_service: 'Visit reason', issue_channel: 'How it came',
    issue_needs: 'Priority and what helps', priority_word: 'Priority', issue_handled: 'Handled now (no wait)',
    issue_print: 'Print the ticket', issue_confirm: 'Issue', aside_title: 'Set aside', take_back: 'Take back',
    aside_since: (n, c) => `for ${num(n)} min · ${counterName(c)}`,
    ok_aside: (c) => `${c} set aside; it keeps its number and place`, ok_resume: (c) => `${c} taken back`,
    ok_issue: (c) => `${c} issued`, ok_handled: (c) => `${c} recorded as handled at once`,
    ok_documents: (c) => `${c} finished; the documents to bring are printing`,
    fetch: 'Hard of hearing: may not hear the call. Go and fetch them.',
    needs: { wheelchair: 'Wheelchair', cannot_stand: 'Cannot stand long', frail: 'Very frail', unwell: 'Unwell',
             hard_of_hearing: 'Hard of hearing', companion: 'With a companion', cannot_read: 'Cannot read' },
    marks: { walk: 'walk to them', loud: 'speak loudly and face them', read: 'read it out to them' },
    channels: { kiosk: 'Kiosk', desk: 'In person at the desk', phone: 'Phone call', whatsapp: 'WhatsApp', letter: 'Letter',
                branch: 'Branch office representative', home_visit: 'Home visit request' },
    e_unknown_need: (v) => `Unknown need “${v.need}”.`,
    e_unknown_channel: (v) => `Unknown channel “${v.channel}”.`,
    e_unknown_outcome: (v) => `Unknown outcome “${v.outcome}”.`,
    e_not_handled_at_once: 'A kiosk ticket is never a visit handled at once; choose the channel.',
    e_outcome_needs_handling: 'An outcome is given with a new ticket only for a visit handled at once.',
    e_cannot_set_aside: (v) => `${v.ticket} cannot be set aside (${stateWord(v.state)}).`,
    e_not_aside: (v) => `${v.ticket} is not set aside (${stateWord(v.state)}).`,
    e_stale: (v) => `The counter's visitor changed: it is ${v.ticket} now, not ${v.expected}. Nothing changed; check the page.`,
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

// What a need asks of the counter, as a clear mark: priority needs mean walking to the visitor.
const NEED_MARK = { wheelchair: 'walk', cannot_stand: 'walk', frail: 'walk', unwell: 'walk', hard_of_hearing: 'loud',
                    cannot_read: 'read' };
function needWord(n) { return TEXT[lang].needs[n] || n; }
// Spans for a ticket's needs in words, then the marks of what to do, each once.
function needSpans(needs) {
  const out = [];
  for (const n of needs || []) {
    const e = document.createElement('span');
    e.className = 'need';
    e.dataset.need = n;
    e.textContent = needWord(n);
    out.push(e);
  }
  for (const m of [...new Set((needs || []).map((n) => NEED_MARK[n]).filter(Boolean))]) {
    const e = document.createElement('span');
    e.className = 'need act';
    e.dataset.mark = m;
    e.textContent = TEXT[lang].marks[m];
    out.push(e);
  }
  return out;
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
  $('ticket-needs').textContent = '';
  $('ticket-needs').append(...needSpans(tk && tk.needs));
  $('ticket-needs').hidden = !(tk && tk.needs && tk.needs.length);
  // A visitor who may not hear the call is fetched: the prompt stays while the ticket is called.
  const fetch = !!(tk && tk.state === 'called' && (tk.needs || []).includes('hard_of_hearing'));
  $('fetch-prompt').hidden = !fetch;
  $('fetch-prompt').textContent = fetch ? t('fetch') : '';
  $('ticket-note').hidden = !(tk && tk.note);
  $('ticket-note').textContent = tk && tk.note ? `${t('note')} ${tk.note}` : '';
  const busy = !!tk;
  $('call-next').disabled = busy || s.waiting_total === 0;
  for (const id of ['recall', 'noshow', 'transfer', 'done', 'aside', 'outcome']) $(id).disabled = !busy;
  fillOutcomes($('outcome'));
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
    what.append(...needSpans(w.needs));
    if (w.channel && w.channel !== 'kiosk' && w.channel !== 'desk') {
      const ch = document.createElement('span');
      ch.className = 'need';
      ch.textContent = TEXT[lang].channels[w.channel] || w.channel;
      what.appendChild(ch);
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
  const asideList = $('aside-list');
  asideList.textContent = '';
  for (const a of s.set_aside || []) {
    const li = document.createElement('li');
    li.dataset.code = a.code;
    const code = document.createElement('span');
    code.className = 'code';
    code.textContent = a.code;
    const what = document.createElement('span');
    what.className = 'what';
    what.textContent = serviceName(a.service);
    what.append(...needSpans(a.needs));
    const since = document.createElement('span');
    since.className = 'minutes';
    since.textContent = t('aside_since', a.aside_minutes, a.counter);
    const back = document.createElement('button');
    back.type = 'button';
    back.className = 'take-back';
    back.textContent = t('take_back');
    back.disabled = busy || !a.mine;
    back.addEventListener('click', () => act('/api/resume', { ticket: a.code }, 'ok_resume'));
    li.append(code, what, since, back);
    asideList.appendChild(li);
  }
  $('aside-card').hidden = !(s.set_aside && s.set_aside.length);
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

// The configured outcomes into SEL, keeping its choice; the first option is "no outcome".
function fillOutcomes(sel) {
  const chosen = sel.value;
  sel.textContent = '';
  const none = document.createElement('option');
  none.value = '';
  none.textContent = t('outcome_none');
  sel.appendChild(none);
  for (const o of (state && state.choices ? state.choices.outcomes : [])) {
    const e = document.createElement('option');
    e.value = o.id;
    e.textContent = name(o);
    sel.appendChild(e);
  }
  sel.value = chosen;
  if (sel.value !== chosen) sel.value = '';
}

async function finish() {
  const body = { expect: state.ticket ? state.ticket.code : undefined, lang };
  if ($('outcome').value) body.outcome = $('outcome').value;
  const { status, data } = await api('POST', '/api/done', body);
  if (status === 200 && data.ticket) {
    $('outcome').value = '';
    const printing = data.documents_slip && data.documents_slip.state === 'printing';
    say(() => t(printing ? 'ok_documents' : 'ok_done', data.ticket.code));
  } else if (status !== 401) say(() => refusal(data, status), true);
  refresh();
}

function openIssue() {
  const svc = $('issue-service');
  svc.textContent = '';
  for (const s of state.services) {
    const o = document.createElement('option');
    o.value = s.id;
    o.textContent = name(s);
    svc.appendChild(o);
  }
  const ch = $('issue-channel');
  ch.textContent = '';
  for (const c of state.choices.channels.filter((c) => c.id !== 'kiosk')) {
    const o = document.createElement('option');
    o.value = c.id;
    o.textContent = TEXT[lang].channels[c.id] || c.id;
    ch.appendChild(o);
  }
  const box = $('issue-needs');
  for (const old of box.querySelectorAll('label')) old.remove();
  for (const n of state.choices.needs) {
    const l = document.createElement('label');
    l.className = 'check';
    const i = document.createElement('input');
    i.type = 'checkbox';
    i.value = n.id;
    i.name = 'need';
    l.append(i, ' ' + needWord(n.id));
    box.appendChild(l);
  }
  $('issue-priority').checked = false;
  $('issue-handled').checked = false;
  fillOutcomes($('issue-outcome'));
  $('issue-outcome').disabled = true;
  syncIssue();
  $('issue-dialog').showModal();
}

// Only a ticket of a visitor in person is printed, and only one that waits; a handled one may have an outcome.
function syncIssue() {
  const inPerson = (state.choices.channels.find((c) => c.id === $('issue-channel').value) || {}).in_person;
  const handled = $('issue-handled').checked;
  $('issue-outcome').disabled = !handled;
  if (!handled) $('issue-outcome').value = '';
  $('issue-print').disabled = !inPerson || handled;
  if ($('issue-print').disabled) $('issue-print').checked = false;
}

async function issueTicket() {
  const needs = [...$('issue-needs').querySelectorAll('input:checked')].map((i) => i.value);
  const body = { service: $('issue-service').value, channel: $('issue-channel').value, needs,
                 priority: $('issue-priority').checked, handled: $('issue-handled').checked,
                 print: $('issue-print').checked };
  if (body.handled && $('issue-outcome').value) body.outcome = $('issue-outcome').value;
  const { status, data } = await api('POST', '/api/issue', body);
  if (status === 200 && data.ticket) say(() => t(data.ticket.state === 'done' ? 'ok_handled' : 'ok_issue', data.ticket.code));
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
  $('done').addEventListener('click', finish);
  $('aside').addEventListener('click', () => act('/api/aside', { expect: state.ticket ? state.ticket.code : undefined }, 'ok_aside'));
  $('new-ticket').addEventListener('click', openIssue);
  $('issue-channel').addEventListener('change', syncIssue);
  $('issue-handled').addEventListener('change', syncIssue);
  $('issue-cancel').addEventListener('click', () => $('issue-dialog').close());
  $('issue-form').addEventListener('submit', (e) => {
    e.preventDefault();
    $('issue-dialog').close();
    issueTicket();
  });
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
