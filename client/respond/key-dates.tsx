/**
 * The survey's key dates for the coordinator (Rec 12: dates announced in advance): opening, reminders, the
 * deadline and the Unit's events, with 'add to my calendar' (an iCalendar file of the same dates).
 */
import { formatDate, translate, type Lang } from '../i18n';

export interface KeyDate {
  key: string;
  kind: 'open' | 'close' | 'reminder' | 'event';
  date: string;
  endDate: string | null;
  titleEn: string;
  titleFr: string;
  descriptionEn: string | null;
  descriptionFr: string | null;
}

export function KeyDates({ token, dates, lang }: { token: string; dates: KeyDate[]; lang: Lang }) {
  if (dates.length === 0) return null;
  const today = new Date().toISOString().slice(0, 10);
  return (
    <details className="key-dates">
      <summary>{translate(lang, 'keyDatesTitle', { n: dates.length })}</summary>
      <ul>
        {dates.map((d) => {
          const past = (d.endDate ?? d.date) < today;
          const description = lang === 'fr' ? d.descriptionFr : d.descriptionEn;
          return (
            <li key={d.key} className={past ? 'key-date-past' : undefined}>
              <time dateTime={d.date}>{formatDate(lang, d.date)}</time>
              {d.endDate && d.endDate !== d.date && (
                <>
                  {' – '}
                  <time dateTime={d.endDate}>{formatDate(lang, d.endDate)}</time>
                </>
              )}
              {' · '}
              <span className={d.kind === 'close' ? 'key-date-deadline' : undefined}>{lang === 'fr' ? d.titleFr : d.titleEn}</span>
              {description && <span className="hint"> · {description}</span>}
            </li>
          );
        })}
      </ul>
      <a href={`/api/respond/${encodeURIComponent(token)}/calendar.ics?lang=${lang}`} download>
        {translate(lang, 'addToCalendar')}
      </a>
    </details>
  );
}
