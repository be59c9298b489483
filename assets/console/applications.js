// The applications page: the list with its filters (open, overdue past the earliest answer date,
// documents needed, by status), one application's history, and the staff's changes to it (a
// change of status with a note). Every write sends the session's CSRF token, as the counter page.
'use strict';

const TEXT = {
  title: () => tr('Dawr — applications'), back: () => tr('Counter page'),
  need_sign_in: () => tr('Sign in on the counter page first.'),
  view_open: () => tr('Open'), view_overdue: () => tr('Overdue'), view_documents: () => tr('Documents needed'),
  by_status: () => tr('By status'), any_status: () => tr('— any open —'),
  ref: () => tr('Reference'), ticket: () => tr('Ticket'), status: () => tr('Status'), opened: () => tr('Opened'),
  answer_not_before: () => tr('Answer not before'), application: () => tr('Application'),
  open_it: () => tr('Open'), overdue: () => tr('overdue'), has_contact: () => tr('contact kept'),
  list_line: (n, total) => (total > n
    ? fill(tr('{total} applications; the oldest {n} are shown: narrow the filter to see others.'), { n: num(n), total: num(total) })
    : fill(ntr('{n} application', '{n} applications', n), { n: num(n) })),
  d_line: (a) => fill(tr('Ticket {ticket} of {day}, {service}. Status: {status}.'),
    { ticket: a.ticket_code, day: a.ticket_day, service: a.service, status: stepName(a) }),
  d_answer: (a) => fill(tr('Answer not before {gregorian} ({hijri} AH).'), { gregorian: a.answer_not_before,
    hijri: a.answer_not_before_hijri }),
  d_contact: (a) => (a.has_contact ? tr('A phone number is kept with consent.') : tr('No phone number is kept.')),
  contact_title: () => tr('Phone number for news (only with consent)'), phone: () => tr('Phone number'),
  consent_by: () => tr('Consent given by'), consent_none: () => tr('— ask first —'),
  consent_applicant: () => tr('the applicant'), consent_family: () => tr('a family member'),
  keep_number: () => tr('Keep the number'), erase_number: () => tr('Erase the number'),
  ok_contact: () => tr('The number is kept with consent; it is shown nowhere.'),
  ok_erase: () => tr('The number is erased.'),
  open_for_ticket: () => tr('Open an application for ticket'), open_application: () => tr('Open an application'),
  ok_open: (a) => fill(tr('Application {ref} is opened.'), { ref: a.ref }),
  change_status: () => tr('Change of status'), new_status: () => tr('New status'),
  note_label: () => tr('Short note (optional)'), change: () => tr('Change'), history: () => tr('History'),
  ok_step: (a) => fill(tr('{ref} is now: {status}'), { ref: a.ref, status: stepName(a) }),
  appointment_title: () => tr('Return appointment'), day: () => tr('Day'), time: () => tr('Time'),
  book: () => tr('Book'), move: () => tr('Move'), cancel_appointment: () => tr('Cancel the appointment'),
  print_slip: () => tr('Print the slip'), no_appointment_yet: () => tr('No appointment.'),
  appointment_line: (p) => fill(p.past ? tr('The appointment was on {day} ({hijri} AH) at {time}.')
    : tr('Appointment on {day} ({hijri} AH) at {time}.'), { day: dayText(p.at.slice(0, 10)), hijri: digits(p.day_hijri),
    time: digits(p.time) }),
  ok_book: (p) => fill(tr('Appointment on {day} at {time}.'), { day: dayText(p.at.slice(0, 10)), time: digits(p.time) }),
  ok_cancel: () => tr('The appointment is cancelled.'), ok_slip: () => tr('The appointment slip is printing.'),
  ev_app_book: (d) => fill(tr('Appointment booked for {at}'), { at: digits(d.at) }),
  ev_app_move: (d) => fill(tr('Appointment moved from {from} to {at}'), { from: digits(d.from), at: digits(d.at) }),
  ev_app_cancel: (d) => fill(tr('Appointment of {at} cancelled'), { at: digits(d.at) }),
  e_not_a_time: (v) => fill(tr('“{at}” is not a day and time.'), v),
  e_past_time: (v) => fill(tr('{at} has passed: choose a later time.'), { at: digits(v.at) }),
  e_outside_hours: (v) => (v.prayer ? fill(tr('{at} is in the prayer pause ({from}–{to}): choose another time.'),
    { at: digits(v.at), from: digits(v.pause_from), to: digits(v.pause_to) })
    : v.hours ? fill(tr('{at} is outside the opening hours of that day ({hours}).'), { at: digits(v.at), hours: digits(v.hours) })
      : fill(tr('The reception is closed on the day of {at}.'), { at: digits(v.at) })),
  e_already_booked: (v) => fill(tr('{application} already has an appointment at {at}: move or cancel it.'),
    { application: v.application, at: digits(v.at) }),
  e_no_appointment: (v) => fill(tr('{application} has no coming appointment.'), v),
  e_already_checked_in: (v) => fill(tr('The visitor of {application} has checked in for {at} (ticket {ticket}): the appointment stays as it was.'),
    { application: v.application, at: digits(v.at), ticket: v.ticket }),
  e_appointment_past: (v) => fill(tr('The appointment of {application} at {at} has passed; book a new one.'),
    { application: v.application, at: digits(v.at) }),
  e_cannot_print: () => tr('The slip could not be printed; nothing was printed.'),
  notify_title: () => tr('Word to the family'),
  notify_needs_consent: () => tr('No phone number is kept with consent: tell them at their next visit or call.'),
  msg_decision: () => tr('The answer is ready'), msg_documents: () => tr('Documents are needed'),
  msg_reminder: () => tr('Appointment reminder'), msg_lang: () => tr('Message language'),
  open_whatsapp: () => tr('Open in WhatsApp'), call: () => trc('phone', 'Call'),
  ok_notify: () => tr('The message is ready on this device; it is noted in the history.'),
  tell_decision: () => tr('a decision to tell'),
  tell_reminder: (a) => fill(tr('appointment tomorrow at {time}'), { time: digits(a.appointment_at.slice(11)) }),
  tell_no_contact: () => tr('no phone number: tell them at the next visit'),
  ev_app_notify: (d) => fill(tr('Message prepared for the family: {message}'), { message: messageWord(d.message) }),
  e_unknown_message: (v) => fill(tr('There is no message “{message}”.'), v),
  e_no_decision: (v) => fill(tr('{application} has no decision yet: there is nothing to tell.'), v),
  to_tell_title: () => tr('To tell today'), to_tell_none: () => tr('Nobody to tell today.'),
  ev_app_open: (d) => fill(tr('Opened at “{step}”'), { step: stepWord(d.step) }),
  ev_app_step: (d) => fill(tr('“{from}” → “{step}”'), { from: stepWord(d.from_step), step: stepWord(d.step) }),
  ev_app_contact: (d) => fill(tr('Contact recorded with the consent of the {who}'), { who: whoWord(d.consent_by) }),
  ev_app_visit: () => tr('A follow-up ticket was taken at the kiosk'),
  ev_app_erase: () => tr('Contact erased'), ev_app_export: () => tr('Everything kept was handed over'),
  // The engine's refusals on applications (docs/api.md), filled with the answer's values V.
  e_not_a_reference: (v) => fill(tr('“{application}” is not a reference (like 1448-0007).'), v),
  e_no_application: (v) => fill(tr('There is no application {application}.'), v),
  e_unknown_step: (v) => fill(tr('There is no status “{step}”.'), v),
  e_already_in_step: (v) => fill(tr('{application} is already at that status.'), v),
  e_application_closed: (v) => fill(tr('{application} is finished; nothing can change.'), v),
  e_already_applied: (v) => fill(tr('Ticket {ticket} already has application {application}.'), v),
  e_note_too_long: (v) => fill(tr('The note is too long; shorten it (at most {bytes} bytes).'), { bytes: num(v.max_bytes) }),
  e_note_not_text: () => tr('The note has characters that cannot be read; type it again.'),
  e_consent_needed: () => tr('A phone number is kept only with consent; nothing was kept.'),
  e_not_a_phone: () => tr('That is not a phone number; nothing was kept.'),
  e_no_contact: (v) => fill(tr('No phone number is kept for {application}: ask for consent first.'), v),
  e_unknown_counter: (v) => fill(tr('There is no counter “{counter}”.'), v),
  e_no_ticket: (v) => fill(tr('There is no ticket {ticket} today.'), v),
  e_db_failed: () => tr('The action could not be saved and nothing changed. Try again; if it repeats, tell the supervisor.'),
  e_bad_csrf: () => tr('The page is out of date. Reload it.'),
  e_sign_in_first: () => tr('Sign in first.'),
  e_expired: () => tr('Your sign-in has expired; sign in again.'),
  e_bad_request: () => tr('The request was not understood. Reload the page.'),
};

let view = 'open', stepFilter = '';
let listed = null, steps = [], current = null, said = null;
const locale = () => (lang === 'ar' ? 'ar-SA' : 'en-GB');
const num = (n) => Number(n).toLocaleString(locale(), { useGrouping: false });
const digits = (s) => String(s).replace(/\d/g, (d) => num(Number(d)));
const stepWord = (id) => { const s = steps.find((x) => x.id === id); return s ? (lang === 'ar' ? s.name_ar : s.name_en) : id; };
const stepName = (a) => (lang === 'ar' ? a.step_ar : a.step_en) || a.step;
// "2026-11-25" as the page's language writes it, in the Gregorian calendar.
function dayText(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(lang === 'ar' ? 'ar-SA-u-ca-gregory' : 'en-GB',
    { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
const messageWord = (m) => ({ decision: t('msg_decision'), documents: t('msg_documents'), reminder: t('msg_reminder') }[m] || m);
const whoWord = (w) => (w === 'family' ? tr('family') : tr('applicant'));

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function say(words, bad) {
  said = { words, bad };
  $('message').textContent = typeof words === 'function' ? words() : words;
  $('message').classList.toggle('bad', !!bad);
}

function listPath() {
  const q = new URLSearchParams({ view: view === 'overdue' ? 'overdue' : 'open' });
  const step = view === 'documents' ? 'documents_needed' : stepFilter;
  if (step) q.set('step', step);
  return `/api/applications?${q}`;
}

function renderList() {
  for (const b of document.querySelectorAll('[data-view]')) b.classList.toggle('on', b.dataset.view === view && !stepFilter);
  const sel = $('step-filter');
  sel.textContent = '';
  sel.append(new Option(t('any_status'), ''));
  for (const s of steps) sel.append(new Option(lang === 'ar' ? s.name_ar : s.name_en, s.id));
  sel.value = stepFilter;
  const rows = $('rows');
  rows.textContent = '';
  if (!listed) return;
  $('list-line').textContent = t('list_line', listed.applications.length, listed.total);
  for (const a of listed.applications) {
    const tr = el('tr', undefined, a.overdue ? 'overdue' : '');
    const ref = el('td');
    ref.append(el('bdi', digits(a.ref), 'ref'));
    const flags = el('td');
    if (a.overdue) flags.append(el('span', t('overdue'), 'flag'), ' ');
    if (a.has_contact) flags.append(el('span', t('has_contact'), 'muted'), ' ');
    const open = el('button', t('open_it'), 'small');
    open.type = 'button';
    open.dataset.ref = a.ref;
    open.addEventListener('click', () => show(a.ref));
    flags.append(open);
    tr.append(ref, el('td', digits(a.ticket_code)), el('td', stepName(a)), el('td', digits(a.opened_day)),
      el('td', `${digits(a.answer_not_before)} · ${digits(a.answer_not_before_hijri)}`), flags);
    rows.append(tr);
  }
}

// Who should be told today: a decision not yet told, an appointment tomorrow.
function renderToTell() {
  const list = $('to-tell');
  list.textContent = '';
  const items = (listed && listed.to_tell) || [];
  $('to-tell-none').hidden = items.length > 0;
  for (const a of items) {
    const li = el('li');
    li.append(el('bdi', digits(a.ref), 'code ref'),
      el('span', a.message === 'reminder' ? t('tell_reminder', a) : t('tell_decision'), 'what'));
    if (!a.has_contact) li.append(el('span', t('tell_no_contact'), 'minutes'));
    const open = el('button', t('open_it'));
    open.type = 'button';
    open.dataset.ref = a.ref;
    open.addEventListener('click', () => show(a.ref));
    li.append(open);
    list.append(li);
  }
}

function renderDetail() {
  $('detail').hidden = !current;
  if (!current) return;
  const a = current.application;
  $('d-ref').textContent = digits(a.ref);
  $('d-line').textContent = t('d_line', a);
  $('d-answer').textContent = digits(t('d_answer', a));
  $('d-contact').textContent = t('d_contact', a);
  $('contact-form').hidden = !a.open && !a.has_contact;
  $('keep-contact').hidden = !a.open;
  $('erase-contact').hidden = !a.has_contact;
  const to = $('step-to');
  const chosen = to.value;
  to.textContent = '';
  for (const s of steps) if (s.id !== a.step) to.append(new Option(lang === 'ar' ? s.name_ar : s.name_en, s.id));
  if (chosen && chosen !== a.step) to.value = chosen;
  $('step-form').hidden = !a.open;
  const h = $('history');
  h.textContent = '';
  for (const ev of current.history) {
    const li = el('li');
    const words = TEXT[`ev_${ev.kind}`];
    li.append(el('span', digits(ev.at), 'when'), el('span', words ? words(ev.detail) : ev.kind));
    if (ev.counter) li.append(el('span', ` · ${trc('status', 'counter')} ${digits(ev.counter)}`, 'muted'));
    if (ev.detail && ev.detail.note) li.append(el('div', ev.detail.note, 'note'));
    h.append(li);
  }
  renderAppointment();
  $('notify-none').hidden = a.has_contact;
  $('notify-choices').hidden = !a.has_contact;
  if (!a.has_contact) $('notify-links').hidden = true;
}

// The coming (or last) appointment, and the form to book, move, cancel or print it.
function renderAppointment() {
  const a = current.application, p = current.appointment;
  const coming = p && !p.past;
  $('appointment-form').hidden = !a.open && !coming;
  $('appointment-line').textContent = p ? t('appointment_line', p) : t('no_appointment_yet');
  $('book').textContent = coming ? t('move') : t('book');
  $('cancel-appointment').hidden = !coming;
  $('print-slip').hidden = !coming;
}

function render() {
  showLanguage();
  renderToTell();
  renderList();
  renderDetail();
  if (said) say(said.words, said.bad);
}

// Signed out, or the sign-in expired: the page says to sign in on the counter page.
function showNeedSignIn() {
  $('need-sign-in').hidden = false;
  $('apps').hidden = true;
}
onSignedOut = showNeedSignIn;

async function load() {
  const session = await loadSession();
  const res = await api('GET', listPath());
  if (res.status !== 200 || !session.signed_in) { showNeedSignIn(); return; }
  listed = res.data;
  steps = listed.steps;
  $('need-sign-in').hidden = true;
  $('apps').hidden = false;
  $('as-of').textContent = digits(listed.day);
  render();
}

async function show(ref) {
  if (!current || current.application.ref !== ref) $('notify-links').hidden = true;
  const res = await api('GET', `/api/application?ref=${encodeURIComponent(ref)}`);
  if (res.status !== 200) { say(refusal(res.data, res.status), true); return; }
  current = res.data;
  said = null;
  $('message').textContent = '';
  render();
  $('detail').scrollIntoView({ block: 'nearest' });
}

// A change: the answer is the application as it is now (shown), or a refusal (said, nothing changed).
async function change(path, body, ok) {
  const res = await api('POST', path, body);
  if (res.status !== 200) { say(() => refusal(res.data, res.status), true); return null; }
  current = res.data;
  say(() => ok(res.data), false);
  await load();
  return res.data;
}

$('step-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const note = $('step-note').value.trim();
  const done = await change('/api/application/step', { ref: current.application.ref, step: $('step-to').value,
    note: note || null }, (d) => t('ok_step', d.application));
  if (done) $('step-note').value = '';
});
$('appointment-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const p = current.appointment, coming = p && !p.past;
  const at = `${$('appointment-day').value} ${$('appointment-time').value}`;
  await change(coming ? '/api/application/move' : '/api/application/book', { ref: current.application.ref, at },
    (d) => t('ok_book', d.appointment));
});
// The number is sent once and never shown again: the field is emptied whatever the answer.
$('contact-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const phone = $('contact-phone').value.trim(), consent = $('contact-consent').value;
  $('contact-phone').value = '';
  await change('/api/application/contact', { ref: current.application.ref, phone, consent_by: consent },
    () => t('ok_contact'));
});
$('erase-contact').addEventListener('click', () =>
  change('/api/application/erase-contact', { ref: current.application.ref }, () => t('ok_erase')));
$('open-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const res = await api('POST', '/api/application/open', { ticket: $('open-ticket').value.trim() });
  if (res.status !== 201) { say(() => refusal(res.data, res.status), true); return; }
  $('open-ticket').value = '';
  current = res.data;
  say(() => t('ok_open', res.data.application), false);
  await load();
});
$('cancel-appointment').addEventListener('click', () =>
  change('/api/application/cancel', { ref: current.application.ref }, () => t('ok_cancel')));
$('print-slip').addEventListener('click', async () => {
  const res = await api('POST', '/api/application/slip', { ref: current.application.ref, lang });
  if (res.status !== 202) say(() => refusal(res.data, res.status), true);
  else say(() => t('ok_slip'), false);
});
// The message opens on this device only; Dawr sends nothing. The number is only in the links.
for (const b of document.querySelectorAll('[data-message]'))
  b.addEventListener('click', async () => {
    const res = await api('POST', '/api/application/notify', { ref: current.application.ref, message: b.dataset.message,
      lang: $('notify-lang').value });
    if (res.status !== 200) { $('notify-links').hidden = true; say(() => refusal(res.data, res.status), true); return; }
    $('notify-text').textContent = res.data.text;
    $('notify-whatsapp').href = res.data.whatsapp;
    $('notify-tel').href = res.data.tel;
    $('notify-links').hidden = false;
    await show(current.application.ref);
    await load();
    say(() => t('ok_notify'), false);
  });
for (const b of document.querySelectorAll('[data-view]'))
  b.addEventListener('click', () => { view = b.dataset.view; stepFilter = ''; load(); });
$('step-filter').addEventListener('change', () => { stepFilter = $('step-filter').value; view = 'open'; load(); });
startPage(render).then(() => {
  load().then(() => {
    const ref = new URLSearchParams(location.search).get('ref');
    if (ref) show(ref);
  });
  setInterval(load, 30000);
});
