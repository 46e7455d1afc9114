import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { loadCohortView } from '#app/cohorts/cohort-page.server.ts'
import { CohortStats } from '#app/cohorts/cohort-stats.tsx'
import { BarChart } from '#app/ui/charts.tsx'
import { pageTitle } from '#app/utils/meta.ts'
import { TableWrap } from '#app/ui/table-wrap.tsx'

export const handle = { i18n: ['common', 'cohorts'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadCohortView(request, context, params.grupo)
}

const cellText: Record<string, string> = { done: '✓', started: '◐', passed: '✓', failed: '✗', none: '·' }

type Person = { id: string; fullName: string; percent: number; lastActive: string | null }

function PeopleList({ list, empty, detail }: { list: { count: number; people: Person[] }; empty: string; detail: (p: Person) => string }) {
  if (!list.count) return <p className="hint">{empty}</p>
  return (
    <ul className="plain-list">
      {list.people.map((p) => (
        <li key={p.id}>
          <strong>{p.fullName}</strong> · {detail(p)}
        </li>
      ))}
      {list.count > list.people.length ? <li>…</li> : null}
    </ul>
  )
}

export default function CohortView() {
  const { cohort, summary, lists, columns, matrix, page, pages, charts, quizzes, certificates } = useLoaderData<typeof loader>()
  const { t } = useTranslation('cohorts')
  const base = `/formacion/grupos/${cohort.id}`
  // Translated once, not once per cell: the matrix can hold thousands of cells.
  const stateLabel: Record<string, string> = Object.fromEntries(['done', 'started', 'passed', 'failed', 'none'].map((s) => [s, t(`cell.${s}`)]))
  return (
    <article aria-labelledby="cohort-title" className="cohort">
      <p className="no-print">
        <Link to="/formacion">← {t('list.title')}</Link>
      </p>
      <h1 id="cohort-title">{cohort.name}</h1>
      <p className="meta-line">{t('list.meta', { municipality: t(`municipalities.${cohort.municipality}`), start: cohort.startsOn, end: cohort.endsOn })}</p>
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

      <div className="action-lists">
        <section aria-labelledby="stuck-title">
          <h2 id="stuck-title">{t('view.stuck', { count: lists.stuck.count })}</h2>
          <p className="hint">{t('view.stuckHelp')}</p>
          <PeopleList
            list={lists.stuck}
            empty={t('view.nobody')}
            detail={(p) => (p.lastActive ? t('view.lastActive', { date: p.lastActive }) : t('view.neverActive'))}
          />
        </section>
        <section aria-labelledby="ready-title">
          <h2 id="ready-title">{t('view.ready', { count: lists.ready.count })}</h2>
          <p className="hint">{t('view.readyHelp')}</p>
          <PeopleList list={lists.ready} empty={t('view.nobody')} detail={(p) => `${p.percent} %`} />
        </section>
        <section aria-labelledby="notseen-title">
          <h2 id="notseen-title">{t('view.notSeen', { count: lists.notSeen.count })}</h2>
          <PeopleList list={lists.notSeen} empty={t('view.nobody')} detail={() => t('view.neverActive')} />
        </section>
      </div>

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
            <thead>
              <tr>
                <th scope="col">{t('participants.name')}</th>
                <th scope="col">%</th>
                {columns.map((c, i) => (
                  <th key={c.id} scope="col" title={c.title} className={c.kind}>
                    <abbr title={c.title}>{c.kind === 'quiz' ? `E${i + 1}` : i + 1}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.map((l) => (
                <tr key={l.id}>
                  <th scope="row">{l.fullName}</th>
                  <td>{l.percent}</td>
                  {l.cells.map((cell, i) => (
                    <td key={columns[i].id} className={`cell-${cell.state}`} title={`${columns[i].title}: ${stateLabel[cell.state]}`}>
                      {cellText[cell.state]}
                      {'score' in cell && cell.score !== null ? <span className="score"> {cell.score}</span> : null}
                      <span className="visually-hidden"> {stateLabel[cell.state]}</span>
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
          <ol>
            {columns.map((c) => (
              <li key={c.id}>{c.title}</li>
            ))}
          </ol>
        </details>
      </section>
      <section aria-labelledby="cohort-certificates-title">
        <h2 id="cohort-certificates-title">{t('view.certificatesList', { count: certificates.length })}</h2>
        {certificates.length ? (
          <ul className="plain-list">
            {certificates.map((c) => (
              <li key={c.code}>
                <strong>{c.holderName}</strong> · {c.title} · {c.issuedOn} · <code>{c.code}</code>
                {c.revoked ? ` · ${t('view.revoked')}` : null} ·{' '}
                <a href={c.pdf} download>
                  {t('view.downloadPdf')}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">{t('view.nobody')}</p>
        )}
      </section>
      {quizzes.length ? (
        <p className="no-print">
          <Link to={`${base}/preguntas`}>{t('view.questionsLink')}</Link>
        </p>
      ) : null}
    </article>
  )
}
