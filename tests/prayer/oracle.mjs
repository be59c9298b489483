// The reference for engine/prayer.c: npm's adhan (pinned in package-lock.json), Umm al-Qura
// method, one line per day of YEAR for the place: "YYYY-MM-DD fajr sunrise dhuhr asr maghrib isha"
// in local "HH:MM" of the zone TZ. Usage: TZ=Asia/Riyadh node oracle.mjs LAT LON YEAR
import { Coordinates, CalculationMethod, PrayerTimes } from 'adhan';

const [lat, lon, year] = process.argv.slice(2).map(Number);
const place = new Coordinates(lat, lon);
const params = CalculationMethod.UmmAlQura();
const hm = (d) => String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
for (let day = new Date(year, 0, 1); day.getFullYear() === year; day.setDate(day.getDate() + 1)) {
  const t = new PrayerTimes(place, day, params);
  const date = `${year}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
  console.log([date, t.fajr, t.sunrise, t.dhuhr, t.asr, t.maghrib, t.isha].map((x) => (typeof x === 'string' ? x : hm(x))).join(' '));
}
