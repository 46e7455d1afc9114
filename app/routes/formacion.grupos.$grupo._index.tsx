import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { loadCohortView } from '#app/cohorts/cohort-page.server.ts'
import { CohortStats } from '#app/cohorts/cohort-stats.tsx'
import { StuckReasons } from '#app/cohorts/stuck-reasons.tsx'
import { CertificateList } from '#app/cohorts/certificate-list.tsx'
import { BarChart } from '#app/ui/charts.tsx'
import { pageTitle } from '#app/utils/meta.ts'
import { TableWrap } from '#app/ui/table-wrap.tsx'

// A read-only report (links and a GET pager only): plain HTML, no framework runtime. With a
// thousand learners its data would otherwise travel twice, as HTML and as hydration data (issue 16).
export const handle = { i18n: ['common', 'cohorts'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadCohortView(request, context, params.grupo)
}

const cellText: Record<string, string> = { done: '✓', started: '◐', passed: '✓', failed: '✗', none: '·' }

type Person = { id: string; fullName: string; percent: number; lastActive: string | null }

/** A list of people who need the trainer, each name a link to their page, with why. */
function PeopleList<P extends Person>({
  list,
  base,
  empty,
  detail,
}: {
  list: { count: number; people: P[] }
  base: string
  empty: string
  detail: (p: P) => React.ReactNode
}) {
  const { t } = useTranslation('cohorts')
  if (!list.count) return <p className="hint">{empty}</p>
  return (
    <ul className="people-list">
      {list.people.map((p) => (
        <li key={p.id}>
          <Link to={`${base}/participantes/${p.id}`}>{p.fullName}</Link> <span className="why">{detail(p)}</span>
        </li>
      ))}
      {list.count > list.people.length ? <li className="hint">{t('view.more', { count: list.count - list.people.length })}</li> : null}
    </ul>
  )
}

export default function CohortView() {
  const { cohort, summary, lists, columns, header, matrix, page, pages, charts, quizzes, certificates } = useLoaderData<typeof loader>()
  const { t } = useTranslation('cohorts')
  const base = `/formacion/grupos/${cohort.id}`
  // Translated once, not once per cell: the matrix can hold thousands of cells.
  const stateLabel: Record<string, string> = Object.fromEntries(['done', 'started', 'passed', 'failed', 'none'].map((s) => [s, t(`cell.${s}`)]))
  const fullTitle = (c: (typeof header.cells)[number]) =>
    c.kind === 'exam'
      ? t('view.examFull', { title: c.title })
      : c.kind === 'quiz'
        ? t('view.quizFull', { module: c.moduleNumber, title: c.title })
        : t('view.lessonFull', { module: c.moduleNumber, number: c.lessonNumber, title: c.title })
  return (
    <article aria-labelledby="cohort-title" className="cohort">
      <p className="no-print back-link">
        <Link to="/formacion">← {t('list.title')}</Link>
      </p>
      <h1 id="cohort-title">{cohort.name}</h1>
      <p className="meta-line">{t('list.meta', { municipality: t(`municipalities.${cohort.municipality}`), start: cohort.startsOn, end: cohort.endsOn })}</p>

      {/* Who needs help comes first, at every width: on a phone it is what fits above the fold. */}
      <section aria-labelledby="help-title" className="help">
        <h2 id="help-title" className="visually-hidden">
          {t('view.needHelp')}
        </h2>
        <div className="action-lists">
          <section aria-labelledby="stuck-title" className="help-list stuck">
            <h3 id="stuck-title">{t('view.stuck', { count: lists.stuck.count })}</h3>
            <PeopleList list={lists.stuck} base={base} empty={t('view.nobody')} detail={(p) => <StuckReasons reasons={p.reasons} />} />
            <p className="hint">{t('view.stuckHelp')}</p>
          </section>
          <section aria-labelledby="ready-title" className="help-list ready">
            <h3 id="ready-title">{t('view.ready', { count: lists.ready.count })}</h3>
            <PeopleList list={lists.ready} base={base} empty={t('view.nobody')} detail={(p) => t('view.readyFor', { courses: p.readyCourses.join(', ') })} />
          </section>
          <section aria-labelledby="notseen-title" className="help-list not-seen">
            <h3 id="notseen-title">{t('view.notSeen', { count: lists.notSeen.count })}</h3>
            <PeopleList list={lists.notSeen} base={base} empty={t('view.nobody')} detail={() => null} />
          </section>
        </div>
      </section>

      <nav className="cohort-nav no-print" aria-label={t('view.sections')}>
        <Link className="button small secondary" to={`${base}/participantes`}>
          {t('view.participants')}
        </Link>
        <Link className="button small secondary" to={`${base}/asistencia`}>
          {t('view.attendance')}
        </Link>
        <Link className="button small secondary" to={`${base}/preguntas`}>
          {t('view.questions')}
        </Link>
        <Link className="button small secondary" to={`${base}/resumen`}>
          {t('view.printSummary')}
        </Link>
        <a className="button small secondary" href={`${base}/matriz.csv`} download>
          {t('view.exportMatrix')}
        </a>
      </nav>

      <section aria-labelledby="summary-title">
        <h2 id="summary-title">{t('view.summary')}</h2>
        <CohortStats summary={summary} />
      </section>

      <section aria-labelledby="charts-title" className="charts">
        <h2 id="charts-title">{t('view.charts')}</h2>
        <BarChart
          title={t('view.moduleCompletion')}
          bars={charts.moduleCompletion.map((m) => ({ label: m.title, value: m.share, display: `${m.share} % (${m.complete})` }))}
          max={100}
          tableCaption={t('view.seeNumbers')}
          columns={[t('view.module'), t('view.completed')]}
        />
        <BarChart
          title={t('view.weeklyActivity')}
          bars={charts.weeklyActivity.map((w) => ({
            label: t('view.weekOf', { date: w.week }),
            value: w.lessons + w.quizzes,
            display: t('view.activityValue', { lessons: w.lessons, quizzes: w.quizzes }),
          }))}
          tableCaption={t('view.seeNumbers')}
          columns={[t('view.week'), t('view.activity')]}
        />
      </section>

      <section aria-labelledby="matrix-title">
        <h2 id="matrix-title">{t('view.matrix')}</h2>
        <p className="legend">{t('view.legend')}</p>
        <TableWrap label={t('view.matrix')} className="matrix-wrap">
          <table className="matrix">
            <caption className="visually-hidden">{t('view.matrixCaption', { count: summary.enrolled, page, pages })}</caption>
            <thead>
              <tr>
                <th scope="col" rowSpan={3} className="name-col">
                  {t('participants.name')}
                </th>
                <th scope="col" rowSpan={3}>
                  %
                </th>
                {header.courses.map((c) => (
                  <th key={c.id} scope="colgroup" colSpan={c.span} className="course-head group-start">
                    <span className="course-title">{c.title}</span>
                  </th>
                ))}
              </tr>
              <tr>
                {header.modules.map((m) =>
                  m.number === null ? (
                    <th key={m.key} scope="col" rowSpan={2} colSpan={m.span} className="group-start exam-head" title={t('view.examFull', { title: m.title })}>
                      <span aria-hidden="true">{t('view.examShort')}</span>
                      <span className="visually-hidden">{t('view.examFull', { title: m.title })}</span>
                    </th>
                  ) : (
                    <th key={m.key} scope="colgroup" colSpan={m.span} className="group-start module-head" title={m.title}>
                      <span aria-hidden="true">
                        {t('view.moduleShort', { number: m.number })} · {m.short}
                      </span>
                      <span className="visually-hidden">
                        {t('view.moduleShort', { number: m.number })}: {m.title}
                      </span>
                    </th>
                  ),
                )}
              </tr>
              <tr>
                {header.cells
                  .filter((c) => c.kind !== 'exam')
                  .map((c) => (
                    <th key={c.id} scope="col" className={`${c.kind}${c.groupStart ? ' group-start' : ''}`} title={fullTitle(c)}>
                      <span aria-hidden="true">{c.kind === 'quiz' ? t('view.quizShort') : t('view.lessonShort', { number: c.lessonNumber })}</span>
                      <span className="visually-hidden">{fullTitle(c)}</span>
                    </th>
                  ))}
              </tr>
            </thead>
            <tbody>
              {matrix.map((l) => (
                <tr key={l.id}>
                  <th scope="row">
                    <Link to={`${base}/participantes/${l.id}`}>{l.fullName}</Link>
                  </th>
                  <td>{l.percent}</td>
                  {l.cells.map((cell, i) => (
                    // The column's full title is on its header (title and scope="col"), not repeated in
                    // each of the thousands of cells; one text node each, so no React separators.
                    <td key={columns[i].id} className={`cell-${cell.state}${header.cells[i].groupStart ? ' group-start' : ''}`}>
                      {cellText[cell.state]}
                      {'score' in cell && cell.score !== null ? <span className="score">{` ${cell.score}`}</span> : null}
                      <span className="visually-hidden">{` ${stateLabel[cell.state]}`}</span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        {pages > 1 ? (
          <nav className="pager no-print" aria-label={t('view.pages')}>
            {page > 1 ? <Link to={`?pagina=${page - 1}`}>← {t('view.previousPage')}</Link> : <span />}
            <span>{t('view.pageOf', { page, pages })}</span>
            {page < pages ? <Link to={`?pagina=${page + 1}`}>{t('view.nextPage')} →</Link> : <span />}
          </nav>
        ) : null}
        <details className="no-print">
          <summary>{t('view.columnKey')}</summary>
          <ul className="column-key">
            {header.cells.map((c) => (
              <li key={c.id}>{fullTitle(c)}</li>
            ))}
          </ul>
        </details>
      </section>
      <section aria-labelledby="cohort-certificates-title">
        <h2 id="cohort-certificates-title">{t('view.certificatesList', { count: certificates.length })}</h2>
        <CertificateList certificates={certificates} />
      </section>
      {quizzes.length ? (
        <p className="no-print">
          <Link to={`${base}/preguntas`}>{t('view.questionsLink')}</Link>
        </p>
      ) : null}
    </article>
  )
}
