/**
 * A page per section of the questionnaire (its pages) and per question: every question's figure and table,
 * rating scales of a section compared in one stacked chart, text answers with their city.
 */
import { QuestionYearsFigure } from './question-years-view';
import { Figure } from './figure';
import type { CatalogueQuestion } from './model';
import { TextAnswers, cellQuestions, likertGroups, questionFigure, textsOf, type ViewContext } from './question-view';

/** Structured questions whose repeated rows or panels give several values per city and cell: n only. */
const REPEATED_TYPES = new Set(['matrixdynamic', 'paneldynamic']);

function QuestionLink({ ctx, code }: { ctx: ViewContext; code: string }) {
  const href = ctx.questionHref(code);
  return (
    <a
      href={href}
      onClick={(e) => {
        e.preventDefault();
        ctx.go(href);
      }}
    >
      {ctx.t('openQuestion', { code })}
    </a>
  );
}

/**
 * One cell of a structured question, shown as a question of its shape: its figure (choice bars, numeric
 * distribution or statistics) or its text answers, titled "<row> · <column>" or "<item>", with its n.
 */
function CellBlock({ ctx, cell, alone }: { ctx: ViewContext; cell: CatalogueQuestion; alone: boolean }) {
  const { a, t, f } = ctx;
  const fig = questionFigure(ctx, cell);
  const texts = textsOf(ctx, cell);
  const title = f.text(cell.title, cell.code);
  // One level below the question's heading: h3 on the question's own page (h2), h4 on the section's page (h3).
  const level = alone ? 3 : 4;
  const Heading = alone ? 'h3' : 'h4';
  if (fig && !(fig.n === 0 && texts.length === 0)) {
    return (
      <Figure {...fig} t={t} year={a.survey.year} minCell={a.minCell} level={level}>
        {texts.length > 0 && <TextAnswers ctx={ctx} entries={texts} caption={title} id={cell.code} limit={alone ? 50 : 3} />}
      </Figure>
    );
  }
  const n = a.questions[cell.code]?.n ?? texts.length;
  return (
    <section className="figure" aria-labelledby={`q-${cell.code}-title`} data-figure={`q-${cell.code}`}>
      <Heading id={`q-${cell.code}-title`}>{title}</Heading>
      <p className="muted">
        {t('nIs', { n })}
        {n === 0 ? ` · ${t('noData')}` : ''}
      </p>
      {n > 0 && <TextAnswers ctx={ctx} entries={texts} caption={title} id={cell.code} limit={alone ? 50 : 3} />}
    </section>
  );
}

/** A structured question with fixed cells (matrixdropdown, multipletext): its n, then one figure per cell. */
function CellsBlock({ ctx, q, cells, alone }: { ctx: ViewContext; q: CatalogueQuestion; cells: CatalogueQuestion[]; alone: boolean }) {
  const { a, t, f } = ctx;
  const Heading = alone ? 'h2' : 'h3';
  const title = f.text(q.title, q.code);
  const n = a.questions[q.code]?.n ?? 0;
  return (
    <section className="figure-group" aria-labelledby={`q-${q.code}-title`} data-figure={`q-${q.code}`}>
      <Heading id={`q-${q.code}-title`}>{title}</Heading>
      <p className="muted">
        {t('nIs', { n })} · {n === 0 ? t('noData') : t('cellsNote')}
      </p>
      {n > 0 && cells.map((cell) => <CellBlock key={cell.code} ctx={ctx} cell={cell} alone={alone} />)}
      {!alone && (
        <p className="question-link">
          <QuestionLink ctx={ctx} code={q.code} />
        </p>
      )}
    </section>
  );
}

/** One question: its figure (or its n), its text answers, a link to its own page unless on it. */
export function QuestionBlock({ ctx, q, alone = false }: { ctx: ViewContext; q: CatalogueQuestion; alone?: boolean }) {
  const { a, t, f } = ctx;
  const cells = cellQuestions(q);
  if (cells.length > 0) return <CellsBlock ctx={ctx} q={q} cells={cells} alone={alone} />;
  const fig = questionFigure(ctx, q);
  const texts = textsOf(ctx, q);
  const title = f.text(q.title, q.code);
  const textBlock = texts.length > 0 && (
    <TextAnswers ctx={ctx} entries={texts} caption={title} id={q.code} limit={alone ? 50 : 3} />
  );
  if (fig && fig.n === 0 && texts.length === 0) {
    // Nobody in this selection answered: a heading and one line, not a table of dashes.
    const Heading = alone ? 'h2' : 'h3';
    return (
      <section className="figure" aria-labelledby={`q-${q.code}-title`} data-figure={`q-${q.code}`}>
        <Heading id={`q-${q.code}-title`}>{title}</Heading>
        <p className="muted">
          {t('nIs', { n: 0 })} · {t('noData')}
        </p>
      </section>
    );
  }
  if (fig) {
    return (
      <Figure {...fig} t={t} year={a.survey.year} minCell={a.minCell} level={alone ? 2 : 3}>
        {textBlock}
        {!alone && (
          <p className="question-link">
            <QuestionLink ctx={ctx} code={q.code} />
          </p>
        )}
      </Figure>
    );
  }
  const Heading = alone ? 'h2' : 'h3';
  const n = a.questions[q.code]?.n ?? texts.length;
  return (
    <section className="figure" aria-labelledby={`q-${q.code}-title`} data-figure={`q-${q.code}`}>
      <Heading id={`q-${q.code}-title`}>{title}</Heading>
      <p className="muted">{t('nIs', { n })}</p>
      {q.shape === 'text' ? (
        <TextAnswers ctx={ctx} entries={texts} caption={title} id={q.code} limit={alone ? 50 : 3} />
      ) : (
        <p>{REPEATED_TYPES.has(q.type) ? t('repeatedNote') : t('structuredNote')}</p>
      )}
      {!alone && (
        <p className="question-link">
          <QuestionLink ctx={ctx} code={q.code} />
        </p>
      )}
    </section>
  );
}

export function SectionsView({ ctx, section, sectionHref }: { ctx: ViewContext; section: string | null; sectionHref: (name: string) => string }) {
  const { a, t, f } = ctx;
  const sections = a.catalogue.sections.filter((s) => a.catalogue.questions.some((q) => q.section === s.name));
  const current = sections.find((s) => s.name === section) ?? sections[0];
  if (!current) return <p>{t('noData')}</p>;
  const questions = a.catalogue.questions.filter((q) => q.section === current.name);
  const groups = likertGroups(ctx, questions);
  return (
    <div className="sections-layout">
      <nav aria-label={t('sectionsNav')} className="section-nav">
        <ol>
          {sections.map((s, i) => (
            <li key={s.name}>
              <a
                href={sectionHref(s.name)}
                aria-current={s.name === current.name ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  ctx.go(sectionHref(s.name));
                }}
              >
                {i + 1}. {f.text(s.title, s.name)}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <div className="section-body">
        <h2>{f.text(current.title, current.name)}</h2>
        {groups.map((g) => (
          <Figure key={g.id} {...g} t={t} year={a.survey.year} minCell={a.minCell} level={3} />
        ))}
        {questions.map((q) => (
          <QuestionBlock key={q.code} ctx={ctx} q={q} />
        ))}
      </div>
    </div>
  );
}

export function QuestionView({ ctx, code, sectionHref, query = '' }: { ctx: ViewContext; code: string; sectionHref: (name: string) => string; query?: string }) {
  const { a, t, f } = ctx;
  const q = a.catalogue.questions.find((x) => x.code === code);
  if (!q) return <p className="notice notice-error">{t('noSuchQuestion', { code })}</p>;
  const section = a.catalogue.sections.find((s) => s.name === q.section);
  return (
    <div>
      {section && (
        <p>
          <a
            href={sectionHref(section.name)}
            onClick={(e) => {
              e.preventDefault();
              ctx.go(sectionHref(section.name));
            }}
          >
            ← {f.text(section.title, section.name)}
          </a>
        </p>
      )}
      <p className="muted">
        {t('questionCode')}: <code>{q.code}</code> · {q.type}
        {q.indicator ? ` · ${t('indicatorTag')}: ${q.indicator}` : ''}
        {q.policyArea ? ` · ${f.text(a.labels.areas[q.policyArea], q.policyArea)}` : ''}
      </p>
      <QuestionBlock ctx={ctx} q={q} alone />
      <QuestionYearsFigure ctx={ctx} code={q.code} title={f.text(q.title, q.code)} query={query} />
    </div>
  );
}
