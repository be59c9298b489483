// The manager's page: today's report from /api/today (the board's figures for the local service
// day, the same as `dawrctl report`; definitions in docs/reports.md), refreshed every 30 seconds.
'use strict';

// The page's words by key, from the catalogues (i18n.js); the board's figures keep the PDF's words.
const TEXT = {
  title: () => tr("Dawr — today's figures"), back: () => tr('Counter page'),
  need_sign_in: () => tr('Sign in on the counter page first.'),
  same_as_board: () => tr("The same figures as the board's report, for today so far."),
  as_of: (day, now) => fill(tr('{day} — as of {time}'), { day, time: now }),
  tickets: () => trc('report', 'Visits'), served: () => trc('report', 'Served'), noshow: () => trc('report', 'No-shows'),
  transfers: () => trc('report', 'Referrals'), open: () => tr('Not finished yet'), satisfied: () => trc('report', 'Satisfied'),
  per_reason: () => trc('report', 'Visits and times per reason (minutes)'), reason: () => trc('report', 'Visit reason'),
  total: () => tr('Total'), wait: () => trc('report', 'Waiting'), service: () => trc('report', 'Service'),
  median: () => trc('report', 'median'), p90: () => trc('report', 'p90'), ratings: () => tr("Visitors' ratings"),
  low_reasons: () => trc('report', 'Reasons given with low ratings (1 and 2)'),
  rating_line: (r) => (r.count
    ? fill(tr('Ratings: {count}, mean {mean} of {most}, satisfied {satisfied}, response rate {response}.'),
      { count: num(r.count), mean: num(r.mean, 2), most: num(5), satisfied: pct(r.satisfied), response: pct(r.response_rate) })
    : tr('No ratings yet.')),
  faces: () => [tr('Not satisfied'), tr('Fair'), tr('Good'), tr('Very good'), tr('Excellent')],
  low_none: () => tr('No low ratings.'), low_count: () => tr('Low ratings'),
  hours: () => trc('report', 'Busiest hours of the day'), no_hours: () => tr('No visits yet.'),
  hour_line: (h) => fill(tr('median wait {time}'), { time: h }),
  per_counter: () => tr('Per counter'), counter: () => trc('report', 'Counter'), rating_mean: () => trc('report', 'Mean rating'),
  counters_note: () => trc('report', 'Counter figures are for improvement, not for judging people.'),
  help_title: () => trc('report', "Visitors' calls for help"),
  help_line: (h) => (!h.calls ? tr('No calls for help today.')
    : !h.answered ? fill(tr('Help calls: {calls}, answered {answered}.'), { calls: num(h.calls), answered: num(0) })
    : fill(tr('Help calls: {calls}, answered {answered}; median time to answer {median} s, longest {longest} s.'),
      { calls: num(h.calls), answered: num(h.answered), median: num(h.answer_seconds.median),
        longest: num(h.longest_seconds) })),
  pauses_title: () => trc('report', 'Opening hours and prayer pauses'),
  // The wait as visitors lived it, beside it its part in prayer pauses (docs/reports.md).
  pause_line: (f) => (f.wait_minutes.count
    ? fill(tr('Mean wait {wait} min, of which {paused} min in prayer pauses.'),
      { wait: num(f.wait_minutes.mean, 1), paused: num(f.wait_paused_minutes.mean, 1) })
    : tr('No waiting time yet.')),
  refused_line: (n) => fill(tr('Tickets refused because the reception was closed: {count}.'), { count: num(n) }),
  min: () => trc('abbreviation', 'min'),
  // The rating reasons' words, shared with the kiosk and the PDF; other tags are shown as they are.
  reasons: () => ({ waiting: tr('Waiting time'), courtesy: tr('Courtesy of the staff'),
                    clarity: tr('Clarity of the procedure'), place: tr('The place'), other: tr('Something else') }),
  per_channel: () => tr('Visits by how they came'), channel: () => tr('Channel'), set_asides: () => tr('Set aside'),
  outcomes_title: () => tr('Outcomes per visit reason and counter'),
  channels: () => ({ kiosk: trc('channel', 'Kiosk'), desk: trc('channel', 'In person at the desk'),
                     phone: trc('channel', 'Phone call'), whatsapp: trc('channel', 'WhatsApp'),
                     letter: trc('channel', 'Letter'), branch: trc('channel', 'Branch office representative'),
                     home_visit: trc('channel', 'Home visit request') }),
  sync: () => tr("Sending to the association's centre"),
  sync_off: () => tr('This appliance sends its log nowhere: no branch or centre is configured.'),
  last_ok: () => tr('Last successful send'), never: () => tr('never yet'), backlog: () => tr('Events not at the centre yet'),
  last_error: () => tr('Last error'), none: () => tr('none'), alarm: () => tr('Alarm'),
};
let report = null;
let sync = null;
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
      const th = el('th', c.label || t(c.head), 'n');
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
  showLanguage();
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
  $('pause-line').textContent = t('pause_line', f);
  $('refused-line').textContent = t('refused_line', f.refused_closed);
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

  table('channels', t('channel'), r.channels.map((g) => [t('channels')[g.key] || g.key, g]), [
    { head: 'tickets', value: (g) => num(g.tickets) }, { head: 'served', value: (g) => num(g.served) },
    { head: 'wait', key: 'wait_minutes', pair: true },
    { head: 'ratings', value: (g) => num(g.ratings.count) },
    { head: 'rating_mean', value: (g) => num(g.ratings.mean, 2) },
  ]);
  // One column per configured outcome (named by the configuration), then the times set aside.
  table('outcomes', t('reason'), [...r.reasons.map((g) => [name(g), g]), [t('total'), f, 'total'],
                                  ...r.counters.map((g) => [name(g), g, 'counter'])], [
    ...(r.outcome_names || []).map((o) => ({ label: name(o), value: (g) => num(g.outcomes[o.id]) })),
    { head: 'set_asides', value: (g) => num(g.set_asides) },
  ]);

  table('counters', t('counter'), r.counters.map((g) => [name(g), g]), [
    { head: 'tickets', value: (g) => num(g.tickets) }, { head: 'served', value: (g) => num(g.served) },
    { head: 'noshow', value: (g) => num(g.noshow) }, { head: 'transfers', value: (g) => num(g.transfers) },
    { head: 'wait', key: 'wait_minutes', pair: true }, { head: 'service', key: 'service_minutes', pair: true },
    { head: 'ratings', value: (g) => num(g.ratings.count) },
    { head: 'rating_mean', value: (g) => num(g.ratings.mean, 2) },
  ]);
  renderSync();
}

// What dawr-sync last recorded (/api/sync, as `dawrctl sync status`); its errors are in English words.
function renderSync() {
  const s = sync;
  $('sync-card').hidden = !s;
  if (!s) return;
  const list = $('sync-lines');
  list.textContent = '';
  const line = (label, text, cls) => { const tr = el('tr', undefined, cls); tr.append(el('th', label), el('td', text)); list.append(tr); };
  if (!s.configured) line('', t('sync_off'));
  line(t('last_ok'), s.last_ok_at ? s.last_ok_at.replace(/\d/g, (d) => num(Number(d))) : t('never'));
  line(t('backlog'), num(s.backlog));
  line(t('last_error'), s.last_error || t('none'));
  if (s.alarm) line(t('alarm'), s.alarm, 'alarm');
}

async function load() {
  const res = await api('GET', '/api/today');
  if (res.status !== 200) { $('need-sign-in').hidden = false; $('figures').hidden = true; return; }
  const answer = await api('GET', '/api/sync');
  sync = answer.status === 200 ? answer.data : null;
  report = res.data;
  $('need-sign-in').hidden = true;
  $('figures').hidden = false;
  render();
}

startPage(render).then(() => {
  load();
  setInterval(load, 30000);
});
