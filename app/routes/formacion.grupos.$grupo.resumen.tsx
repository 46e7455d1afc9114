import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { loadCohortView } from '#app/cohorts/cohort-page.server.ts'
import { CohortStats } from '#app/cohorts/cohort-stats.tsx'
import { StuckReasons } from '#app/cohorts/stuck-reasons.tsx'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'cohorts'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadCohortView(request, context, params.grupo)
}

/** Names per list on paper: enough to act on, and the page stays one A4 sheet; the rest are counted. */
const ON_PAPER = { stuck: 14, ready: 10, notSeen: 16 }

/** A one-page summary to print for the municipality or the funder: the numbers, and who needs help by name. */
export default function PrintableSummary() {
  const { cohort, summary, lists, charts } = useLoaderData<typeof loader>()
  const { t } = useTranslation('cohorts')
  const base = `/formacion/grupos/${cohort.id}`
  const more = (count: number, shown: number) => (count > shown ? <li className="hint">{t('view.more', { count: count - shown })}</li> : null)
  return (
    <article className="print-summary">
      <p className="no-print">
        <Link to={base}>← {cohort.name}</Link> · {t('summaryPage.printHint')}
      </p>
      <h1>{t('summaryPage.title', { name: cohort.name })}</h1>
      <p>{t('list.meta', { municipality: t(`municipalities.${cohort.municipality}`), start: cohort.startsOn, end: cohort.endsOn })}</p>
      <CohortStats summary={summary} />

      <h2>{t('view.needHelp')}</h2>
      <div className="help-lists">
        <section aria-labelledby="print-stuck">
          <h3 id="print-stuck">{t('view.stuck', { count: lists.stuck.count })}</h3>
          {lists.stuck.count ? (
            <ul className="people-list">
              {lists.stuck.people.slice(0, ON_PAPER.stuck).map((p) => (
                <li key={p.id}>
                  <Link to={`${base}/participantes/${p.id}`}>{p.fullName}</Link>: <StuckReasons reasons={p.reasons} />
                </li>
              ))}
              {more(lists.stuck.count, Math.min(ON_PAPER.stuck, lists.stuck.people.length))}
            </ul>
          ) : (
            <p>{t('view.nobody')}</p>
          )}
        </section>
        <section aria-labelledby="print-ready">
          <h3 id="print-ready">{t('view.ready', { count: lists.ready.count })}</h3>
          {lists.ready.count ? (
            <ul className="people-list">
              {lists.ready.people.slice(0, ON_PAPER.ready).map((p) => (
                <li key={p.id}>
                  <Link to={`${base}/participantes/${p.id}`}>{p.fullName}</Link>:{' '}
                  <span className="why">{t('view.readyFor', { courses: p.readyCourses.join(', ') })}</span>
                </li>
              ))}
              {more(lists.ready.count, Math.min(ON_PAPER.ready, lists.ready.people.length))}
            </ul>
          ) : (
            <p>{t('view.nobody')}</p>
          )}
          <h3 id="print-not-seen">{t('view.notSeen', { count: lists.notSeen.count })}</h3>
          {lists.notSeen.count ? (
            <p>
              {lists.notSeen.people
                .slice(0, ON_PAPER.notSeen)
                .map((p) => p.fullName)
                .join(', ')}
              {lists.notSeen.count > ON_PAPER.notSeen ? ` ${t('view.more', { count: lists.notSeen.count - ON_PAPER.notSeen })}` : ''}
            </p>
          ) : (
            <p>{t('view.nobody')}</p>
          )}
        </section>
      </div>

      <h2>{t('view.moduleCompletion')}</h2>
      <ul className="modules">
        {charts.moduleCompletion.map((m) => (
          <li key={m.id}>
            <span>{m.title}</span>
            <span className="share">
              {m.share} % ({m.complete})
            </span>
          </li>
        ))}
      </ul>
    </article>
  )
}
