/**
 * The campaign's calendar for the Unit: reminders before the deadline (their days, each one's state) and the
 * key dates coordinators see on their page (Rec 12), with the Unit's own events and the iCalendar export.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from '../../api';
import { formatDate, formatDateTime, translate, type Lang, type MessageKey } from '../../i18n';
import type { KeyDate } from '../../respond/key-dates';

interface Reminder {
  daysBefore: number;
  dueAt: string;
  state: 'upcoming' | 'due' | 'planned' | 'skipped';
  queued: number | null;
}
interface Schedule {
  closesAt: string | null;
  days: number[];
  reminders: Reminder[];
}
type StoredKeyDate = KeyDate & { id: number | null; automatic: boolean };
const STATE_KEY = { upcoming: 'reminderUpcoming', due: 'reminderDue', planned: 'reminderPlanned', skipped: 'reminderSkipped' } as const;

export function SchedulePanel({ surveyId, lang, canEdit }: { surveyId: number; lang: Lang; canEdit: boolean }) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(lang, k, v), [lang]);
  const [schedule, setSchedule] = useState<Schedule>();
  const [dates, setDates] = useState<StoredKeyDate[]>();
  const [days, setDays] = useState('');
  const [event, setEvent] = useState({ date: '', titleEn: '', titleFr: '' });
  const [error, setError] = useState<string>();
  const base = `/api/surveys/${surveyId}`;

  const load = useCallback(() => {
    Promise.all([api<Schedule>(`${base}/reminders`), api<StoredKeyDate[]>(`${base}/key-dates`)])
      .then(([s, k]) => {
        setSchedule(s);
        setDays(s.days.join(', '));
        setDates(k);
      })
      .catch((err: unknown) => setError(errorText(err, t)));
  }, [base, t]);
  useEffect(load, [load]);

  const run = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
      load();
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  const saveDays = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = days
      .split(/[\s,;]+/)
      .filter((x) => x !== '')
      .map(Number);
    if (parsed.some((n) => !Number.isInteger(n) || n < 0)) {
      setError(t('reminderDaysInvalid'));
      return;
    }
    void run(() => api(`${base}/reminders`, { method: 'PUT', body: { days: parsed } }));
  };
  const addEvent = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api(`${base}/key-dates`, { method: 'POST', body: { ...event, kind: 'event' } });
      setEvent({ date: '', titleEn: '', titleFr: '' });
    });
  };

  return (
    <section className="panel" aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t('scheduleTitle')}</h2>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {schedule && (
        <>
          <h3>{t('remindersTitle')}</h3>
          {!schedule.closesAt ? (
            <p className="muted">{t('remindersNoDeadline')}</p>
          ) : (
            <ul>
              {schedule.reminders.map((r) => (
                <li key={r.daysBefore}>
                  {t('reminderLine', { days: r.daysBefore, when: formatDateTime(lang, r.dueAt) })} ·{' '}
                  <span className={`badge badge-reminder-${r.state}`}>{t(STATE_KEY[r.state])}</span>
                  {r.queued !== null && ` · ${t('reminderQueued', { n: r.queued })}`}
                </li>
              ))}
            </ul>
          )}
          {canEdit && (
            <form className="inline-form" onSubmit={saveDays}>
              <label>
                {t('reminderDays')} <input type="text" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} size={12} />
              </label>{' '}
              <button type="submit">
                {t('save')}
                <span className="visually-hidden"> · {t('reminderDays')}</span>
              </button>
            </form>
          )}
        </>
      )}
      {dates && (
        <>
          <h3>{t('keyDatesUnitTitle')}</h3>
          <ul>
            {dates.map((d) => (
              <li key={d.key}>
                <time dateTime={d.date}>{formatDate(lang, d.date)}</time> · {lang === 'fr' ? d.titleFr : d.titleEn}
                {!d.automatic && canEdit && d.id !== null && (
                  <>
                    {' '}
                    <button type="button" onClick={() => void run(() => api(`${base}/key-dates/${d.id}`, { method: 'DELETE' }))}>
                      {t('remove')}
                      <span className="visually-hidden"> · {d.titleEn}</span>
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
          <p>
            <a href={`${base}/calendar.ics?lang=${lang}`} download>
              {t('addToCalendar')}
            </a>
          </p>
          {canEdit && (
            <form className="person-form" onSubmit={addEvent} aria-label={t('addEvent')}>
              <label>
                {t('eventDate')}
                <input type="date" required value={event.date} onChange={(e) => setEvent({ ...event, date: e.target.value })} />
              </label>
              <label>
                {t('eventTitleEn')}
                <input type="text" required maxLength={200} value={event.titleEn} onChange={(e) => setEvent({ ...event, titleEn: e.target.value })} />
              </label>
              <label>
                {t('eventTitleFr')}
                <input type="text" required maxLength={200} value={event.titleFr} onChange={(e) => setEvent({ ...event, titleFr: e.target.value })} />
              </label>
              <div className="actions">
                <button type="submit">{t('addEvent')}</button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
