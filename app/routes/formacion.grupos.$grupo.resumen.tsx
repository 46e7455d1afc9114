import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { loadCohortView } from '#app/cohorts/cohort-page.server.ts'
import { CohortStats } from '#app/cohorts/cohort-stats.tsx'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'cohorts'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadCohortView(request, context, params.grupo)
}

/** A one-page summary to print for the municipality or the funder. */
export default function PrintableSummary() {
  const { cohort, summary, lists, charts } = useLoaderData<typeof loader>()
  const { t } = useTranslation('cohorts')
  return (
    <article className="print-summary">
      <p className="no-print">
        <Link to={`/formacion/grupos/${cohort.id}`}>← {cohort.name}</Link> · {t('summaryPage.printHint')}
      </p>
      <h1>{t('summaryPage.title', { name: cohort.name })}</h1>
      <p>{t('list.meta', { municipality: t(`municipalities.${cohort.municipality}`), start: cohort.startsOn, end: cohort.endsOn })}</p>
      <CohortStats summary={summary} />
      <h2>{t('view.moduleCompletion')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('view.module')}</th>
            <th scope="col">{t('view.completed')}</th>
          </tr>
        </thead>
        <tbody>
          {charts.moduleCompletion.map((m) => (
            <tr key={m.id}>
              <td>{m.title}</td>
              <td>
                {m.share} % ({m.complete})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {t('view.stuck', { count: lists.stuck.count })} · {t('view.ready', { count: lists.ready.count })} · {t('view.notSeen', { count: lists.notSeen.count })}
      </p>
    </article>
  )
}
