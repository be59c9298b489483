// The staff console page: sign in, then the counter's desk, kept live by Server-Sent Events.
// No framework; Arabic right-to-left by default, English on a switch (remembered).
'use strict';

// The page's words by key, each from the catalogues (i18n.js); VALUES are filled in.
const count = (n) => ({ n: num(n) });
const TEXT = {
  title: () => tr('Dawr — staff console'), offline: () => tr('offline'), online: () => tr('live'),
  manager: () => tr("Today's figures"), applications: () => tr('Applications'), sign_out: () => tr('Sign out'), sign_in_title: () => tr('Sign in to a counter'),
  counter: () => trc('report', 'Counter'), pin: () => tr('PIN'), sign_in: () => tr('Sign in'),
  now_serving: () => tr('Current visitor'), no_ticket: () => tr('Nobody yet. Press “Call next”.'),
  call_next: () => tr('Call next'), recall: () => tr('Call again'), serve: () => tr('Visitor arrived'),
  noshow: () => tr('Did not come'), transfer: () => trc('button', 'Transfer'), done: () => tr('Finish visit'),
  waiting: () => tr('Waiting'), nobody_waiting: () => tr('Nobody is waiting.'), printer: () => tr('Printer:'),
  reprint: () => tr('Reprint ticket'), transfer_title: () => tr('Transfer the visitor'),
  transfer_to: () => tr('To a service or counter'), transfer_note: () => tr('Short note'),
  transfer_confirm: () => trc('button', 'Transfer'), cancel: () => tr('Cancel'),
  minutes: (n) => fill(ntr('{n} minute', '{n} minutes', n), count(n)),
  waited: (n) => fill(ntr('waited {n} minute', 'waited {n} minutes', n), count(n)),
  called: () => trc('ticket state', 'called'), serving: () => trc('ticket state', 'being served'),
  recalls: (n) => fill(ntr('called again once', 'called again {n} times', n), count(n)),
  call_this: () => tr('Call'), priority: () => tr('priority'),
  appointment: (at) => fill(tr('return appointment at {time}'), { time: at.replace(/\d/g, (d) => num(Number(d))) }), no_pin: () => tr('(no PIN)'),
  service: () => trc('report', 'Service'), counter_word: () => trc('status', 'counter'),
  printer_unknown: () => tr('unknown'),
  today: (s) => fill(tr('Today: {tickets}, {served} served, {noshow} did not come'), {
    tickets: fill(ntr('{n} ticket', '{n} tickets', s.issued_today), count(s.issued_today)),
    served: num(s.served_today), noshow: num(s.noshow_today) }),
  ok_call: (c) => fill(tr('{ticket} called'), { ticket: c }),
  ok_recall: (c) => fill(tr('{ticket} called again'), { ticket: c }),
  ok_serve: (c) => fill(tr('{ticket} is at the desk'), { ticket: c }),
  ok_noshow: (c) => fill(tr('{ticket} marked as not come'), { ticket: c }),
  ok_transfer: (c) => fill(tr('{ticket} transferred; it keeps its place'), { ticket: c }),
  ok_done: (c) => fill(tr('{ticket} finished'), { ticket: c }),
  ok_reprint: (c) => fill(tr('Reprinting {ticket}'), { ticket: c }),
  note: () => tr('Note:'),
  help_ack: () => tr("I'm coming"),
  help_words: (h) => fill(tr('A visitor at the {where} needs help, since {time}'), { where: whereWord(h.source), time: h.at }),
  help_late: () => tr('nobody has answered yet'),
  where_kiosk: () => tr('ticket kiosk'), where_other: () => tr('reception'),
  ok_help: (s) => fill(tr('Thank you: you are on your way (after {n} s).'), count(s)),
  // The server's error codes (docs/api.md "Errors"), filled with the answer's values V.
  e_bad_request: () => tr('The request was not understood. Reload the page.'),
  e_too_large: () => tr('The request is too long. Shorten the note.'),
  e_bad_method: () => tr('The request could not be done. Reload the page.'),
  e_not_found: () => tr('No such request. Reload the page.'),
  e_sign_in_first: () => tr('Sign in first.'),
  e_expired: () => tr('Your sign-in has expired; sign in again.'),
  e_bad_csrf: () => tr('The page is out of date. Reload it.'),
  e_wrong_pin: (v) => fill(tr('Wrong PIN. Attempts left: {n}.'), count(v.attempts_left)),
  e_locked: (v) => fill(ntr('Sign-in at this counter is locked after wrong PINs. Try again in {n} minute.',
                            'Sign-in at this counter is locked after wrong PINs. Try again in {n} minutes.',
                            minutesUp(v.retry_after)), count(minutesUp(v.retry_after))),
  e_no_pin: (v) => fill(tr('{counter} has no PIN. Ask the supervisor to set one.'), { counter: counterName(v.counter) }),
  e_nothing_to_reprint: () => tr('No ticket to reprint: nobody at the counter and no visit finished today.'),
  e_printer_trouble: (v) => fill(tr('{ticket} waits for the printer: it needs attention, and prints once fixed.'), v),
  e_cannot_print: (v) => fill(tr('{ticket} could not be printed; nothing was printed.'), v),
  e_out_of_memory: () => tr('The machine is busy. Try again.'),
  e_db_failed: () => tr('The action could not be saved and nothing changed. Try again; if it repeats, tell the supervisor.'),
  e_db_replaced: () => tr('The database was deleted or replaced while in use: nothing can be saved until it is restored. Tell the supervisor.'),
  e_unknown_counter: (v) => fill(tr('There is no counter “{counter}”.'), v),
  e_unknown_service: (v) => fill(tr('There is no service “{service}”.'), v),
  e_unknown_target: (v) => fill(tr('There is no service or counter “{target}”.'), v),
  e_not_a_ticket: (v) => fill(tr('“{ticket}” is not a ticket number (like A-023).'), v),
  e_no_ticket: (v) => fill(tr('There is no ticket {ticket} today.'), v),
  e_counter_busy: (v) => fill(v.state === 'serving'
    ? tr('{counter} is still serving {ticket}. Finish, transfer or mark “did not come” first.')
    : tr('{counter} is still calling {ticket}. Finish, transfer or mark “did not come” first.'),
  { counter: counterName(v.counter), ticket: v.ticket }),
  e_nobody_waiting: (v) => fill(tr('Nobody is waiting for {counter}.'), { counter: counterName(v.counter) }),
  e_not_waiting: (v) => fill(tr('{ticket} is not waiting ({state}).'), { ticket: v.ticket, state: stateWord(v.state) }),
  e_other_day: (v) => fill(tr('{ticket} is from {day}.'), v),
  e_sent_elsewhere: (v) => fill(tr('{ticket} was sent to {counter}.'), { ticket: v.ticket, counter: counterName(v.counter) }),
  e_not_served_here: (v) => fill(tr('{counter} does not serve “{service}” ({ticket}).'),
    { counter: counterName(v.counter), service: serviceName(v.service), ticket: v.ticket }),
  e_no_visitor: (v) => fill(tr('Nobody is at {counter} now.'), { counter: counterName(v.counter) }),
  e_already_serving: (v) => fill(tr('{ticket} is already being served.'), v),
  e_noshow_while_serving: (v) => fill(tr('{ticket} is being served; “did not come” is for a visitor who has not come.'), v),
  e_noshow_too_early: (v) => {
    const parts = [];
    if (v.recalls_left > 0)
      parts.push(fill(ntr('call again {n} more time', 'call again {n} more times', v.recalls_left), count(v.recalls_left)));
    if (v.seconds_left > 0) {
      const m = minutesUp(v.seconds_left);
      parts.push(fill(ntr('wait {n} more minute', 'wait {n} more minutes', m), count(m)));
    }
    const what = parts.length === 2 ? fill(tr('{first} and {second}'), { first: parts[0], second: parts[1] }) : parts.join('');
    return fill(tr('Too soon to mark {ticket} as not come: {what}. Older visitors walk slowly.'), { ticket: v.ticket, what });
  },
  e_already_at_counter: (v) => fill(tr('{ticket} is already at {counter}.'), { ticket: v.ticket, counter: counterName(v.counter) }),
  e_already_for_service: (v) => fill(tr('{ticket} is already for “{service}”. Choose another service or a counter.'),
    { ticket: v.ticket, service: serviceName(v.service) }),
  e_note_too_long: (v) => fill(tr('The note is too long; shorten it (at most {bytes} bytes).'), { bytes: num(v.max_bytes) }),
  e_note_not_text: () => tr('The note has characters that cannot be read; type it again.'),
  e_cannot_cancel: (v) => fill(tr('{ticket} cannot be cancelled ({state}).'), { ticket: v.ticket, state: stateWord(v.state) }),
  e_bad_score: () => fill(tr('A rating is from {low} to {high}.'), { low: num(1), high: num(5) }),
  e_unknown_reason: (v) => fill(tr('Unknown rating reason “{reason}”.'), v),
  e_not_finished: (v) => fill(tr('{ticket} cannot be rated: its visit did not end with a service.'), v),
  e_already_rated: (v) => fill(tr('{ticket} has already been rated.'), v),
  e_bad_event: () => tr('Not a valid event.'),
  e_too_old_to_rate: (v) => fill(tr('The visit of {ticket} was more than {days} days ago; it can no longer be rated.'),
    { ticket: v.ticket, days: num(v.days) }),
  e_no_help_call: () => tr('No visitor is waiting for help now.'),
  e_help_answered: (v) => fill(tr('{counter} is already on the way to the visitor.'), { counter: counterName(v.counter) }),
  // Issue 14: needs, channels, set-aside visits, outcomes and tickets made at the desk.
  aside: () => tr('Set aside'), outcome: () => tr('Outcome'), outcome_none: () => tr('— no outcome —'),
  new_ticket: () => tr('New ticket'), issue_service: () => tr('Visit reason'), issue_channel: () => tr('How it came'),
  issue_needs: () => tr('Priority and what helps'), priority_word: () => tr('Priority'),
  issue_handled: () => tr('Handled now (no wait)'), issue_print: () => tr('Print the ticket'),
  issue_confirm: () => tr('Issue'), aside_title: () => tr('Set aside'), take_back: () => tr('Take back'),
  aside_since: (n, c) => fill(ntr('for {n} minute · {counter}', 'for {n} minutes · {counter}', n),
    { n: num(n), counter: counterName(c) }),
  ok_aside: (c) => fill(tr('{ticket} set aside; it keeps its number and place'), { ticket: c }),
  ok_resume: (c) => fill(tr('{ticket} taken back'), { ticket: c }),
  ok_issue: (c) => fill(tr('{ticket} issued'), { ticket: c }),
  ok_handled: (c) => fill(tr('{ticket} recorded as handled at once'), { ticket: c }),
  ok_documents: (c) => fill(tr('{ticket} finished; the documents to bring are printing'), { ticket: c }),
  fetch: () => tr('Hard of hearing: may not hear the call. Go and fetch them.'),
  e_unknown_need: (v) => fill(tr('Unknown need “{need}”.'), v),
  e_unknown_channel: (v) => fill(tr('Unknown channel “{channel}”.'), v),
  e_unknown_outcome: (v) => fill(tr('Unknown outcome “{outcome}”.'), v),
  e_not_handled_at_once: () => tr('A kiosk ticket is never a visit handled at once; choose the channel.'),
  e_outcome_needs_handling: () => tr('An outcome is given with a new ticket only for a visit handled at once.'),
  e_cannot_set_aside: (v) => fill(tr('{ticket} cannot be set aside ({state}).'), { ticket: v.ticket, state: stateWord(v.state) }),
  e_not_aside: (v) => fill(tr('{ticket} is not set aside ({state}).'), { ticket: v.ticket, state: stateWord(v.state) }),
  // Issue 17: opening hours and prayer pauses.
  end_pause: () => tr('End the pause now'),
  hours_paused: (h) => fill(tr('Paused for the {prayer} prayer until {until}: nobody is called.'),
    { prayer: prayerWord(h.prayer), until: h.pause_until }),
  hours_closed: () => tr("The reception is closed for new tickets; the day's tickets can still be finished."),
  ok_end_pause: () => tr('The pause has ended: calls are made again.'),
  e_closed: (v) => (v.next_open ? fill(tr('The reception is closed: no ticket is issued now. It opens again at {when}.'), { when: v.next_open })
    : tr('The reception is closed: no ticket is issued now.')),
  e_paused: (v) => fill(tr('Paused for prayer until {until}: nobody is called during the pause. A counter may end it early.'), v),
  e_not_paused: () => tr('No prayer pause is on.'),
  e_stale: (v) => fill(tr("The counter's visitor changed: it is {ticket} now, not {expected}. Nothing changed; check the page."), v),
};
// A need's words, and the mark of what it asks of the counter (priority needs: walk to the visitor).
const NEEDS = {
  wheelchair: () => trc('need', 'Wheelchair'), cannot_stand: () => trc('need', 'Cannot stand long'),
  frail: () => trc('need', 'Very frail'), unwell: () => trc('need', 'Unwell'),
  hard_of_hearing: () => trc('need', 'Hard of hearing'), companion: () => trc('need', 'With a companion'),
  cannot_read: () => trc('need', 'Cannot read'),
};
const NEED_MARK = { wheelchair: 'walk', cannot_stand: 'walk', frail: 'walk', unwell: 'walk', hard_of_hearing: 'loud',
                    cannot_read: 'read' };
const MARKS = {
  walk: () => tr('walk to them'), loud: () => tr('speak loudly and face them'), read: () => tr('read it out to them'),
};
const CHANNELS = {
  kiosk: () => trc('channel', 'Kiosk'), desk: () => trc('channel', 'In person at the desk'),
  phone: () => trc('channel', 'Phone call'), whatsapp: () => trc('channel', 'WhatsApp'),
  letter: () => trc('channel', 'Letter'), branch: () => trc('channel', 'Branch office representative'),
  home_visit: () => trc('channel', 'Home visit request'),
};
// The print events' words (the printer line shows the newest).
const PRINT_EVENTS = {
  print: () => trc('print event', 'sent to the printer'), print_done: () => trc('print event', 'printed'),
  print_held: () => trc('print event', 'waiting for the printer'), print_failed: () => trc('print event', 'not printed'),
  printer_state: () => trc('print event', 'the printer says'),
};
// The states' words, shared with dawrctl (dawr_state_name gives the codes).
const STATES = {
  waiting: () => trc('ticket state', 'waiting'), called: () => trc('ticket state', 'called'),
  serving: () => trc('ticket state', 'being served'), done: () => trc('ticket state', 'finished'),
  noshow: () => trc('ticket state', 'did not come'), cancelled: () => trc('ticket state', 'cancelled'),
  aside: () => trc('ticket state', 'set aside'),
};

let state = null;
let stream = null;
let counters = [];
let said = null, signInWords = null;   // the shown messages, as functions: the language switch says them again

function num(n) { return Number(n).toLocaleString(lang === 'ar' ? 'ar-SA' : 'en-GB'); }
function name(o) { return lang === 'ar' ? o.name_ar : o.name_en; }
function minutesUp(seconds) { return Math.max(1, Math.ceil(seconds / 60)); }
function stateWord(s) { return STATES[s] ? STATES[s]() : s; }
function counterName(id) {
  const c = counters.find((x) => x.id === id);
  return c ? name(c) : `${t('counter_word')} ${id}`;
}

function needWord(n) { return NEEDS[n] ? NEEDS[n]() : n; }
function channelWord(c) { return CHANNELS[c] ? CHANNELS[c]() : c; }
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
    e.textContent = MARKS[m]();
    out.push(e);
  }
  return out;
}

function applyLanguage() {
  showLanguage();
  $('live').textContent = stream && stream.readyState === 1 ? t('online') : t('offline');
  fillCounters();
  if (state) render();
  $('sign-in-error').textContent = signInWords ? signInWords() : '';
  if (said) say(said.words, said.bad);
}

// Signed out, or the sign-in expired (then said why): the sign-in form.
onSignedOut = (data) => showSignIn(data.expired ? () => refusal(data, 401) : null);

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
  $('apps-link').hidden = true;
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
  $('apps-link').hidden = false;
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

// A prayer's name in the page's language.
function prayerWord(p) {
  const words = { fajr: () => trc('prayer', 'Fajr'), dhuhr: () => trc('prayer', 'Dhuhr'), asr: () => trc('prayer', 'Asr'),
    maghrib: () => trc('prayer', 'Maghrib'), isha: () => trc('prayer', 'Isha') };
  return words[p] ? words[p]() : p;
}

function renderHours(h) {
  const show = !!h && (h.paused || !h.open);
  $('hours-banner').hidden = !show;
  $('end-pause').hidden = !(h && h.paused);
  $('hours-words').textContent = !show ? '' : h.paused ? t('hours_paused', h) : t('hours_closed');
}

async function endPause() {
  const { status, data } = await api('POST', '/api/end-pause', {});
  if (status === 200) say(() => t('ok_end_pause'));
  else if (status !== 401) say(() => refusal(data, status), true);
  refresh();
}

function render() {
  const s = state;
  renderHours(s.hours);
  $('counter-name').textContent = '— ' + name(s.counter);
  const tk = s.ticket;
  $('ticket-code').textContent = tk ? tk.code : '—';
  if (tk) {
    const parts = [serviceName(tk.service), t(tk.state === 'serving' ? 'serving' : 'called'), t('waited', tk.waited_minutes)];
    if (tk.recalls) parts.push(t('recalls', tk.recalls));
    if (tk.priority) parts.push(t('priority'));
    if (tk.appointment_at) parts.push(t('appointment', tk.appointment_at));
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
      ch.textContent = channelWord(w.channel);
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
  // The newest print event: what happened, when, and the printer's words in the page's language.
  const p = s.printer, d = p.detail || {};
  const words = (lang === 'ar' && (d.message_ar || d.printer_message_ar)) || d.message || d.reason;
  const what = PRINT_EVENTS[p.state] ? PRINT_EVENTS[p.state]() : p.state;
  $('printer-state').textContent = p.state === 'unknown' ? t('printer_unknown')
    : `${what}${p.at ? ' · ' + p.at : ''}${words ? ' · ' + words : ''}`;
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
    o.textContent = channelWord(c.id);
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
  $('issue-print').checked = true;
  delete $('issue-print').dataset.touched;
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
  else if (!$('issue-print').dataset.touched) $('issue-print').checked = true;
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
  await startPage(applyLanguage);
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
  $('issue-print').addEventListener('change', () => { $('issue-print').dataset.touched = '1'; });
  $('issue-cancel').addEventListener('click', () => $('issue-dialog').close());
  $('issue-form').addEventListener('submit', (e) => {
    e.preventDefault();
    $('issue-dialog').close();
    issueTicket();
  });
  $('transfer').addEventListener('click', openTransfer);
  $('help-ack').addEventListener('click', answerHelp);
  $('end-pause').addEventListener('click', endPause);
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
  const data = await loadSession();
  counters = data.counters || [];
  fillCounters();
  if (data.signed_in) showDesk(); else showSignIn(null);
}

start();
