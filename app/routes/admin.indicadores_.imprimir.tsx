import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { loadIndicatorsView } from '#app/admin/indicators.server.ts'
import { cellText, DimensionTable } from '#app/admin/indicator-tables.tsx'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'indicators'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { title, report, query, generatedOn, status } = await loadIndicatorsView(request, context)
  return data({ title, report, query, generatedOn }, { status })
}

/** More months than this do not fit the page: the monthly detail is then in the CSV. */
const MONTHS_ON_PAPER = 12

/** The indicators on one A4 page, for the funder's report: the same suppressed figures as the page. */
export default function PrintableIndicators() {
  const { report, query, generatedOn } = useLoaderData<typeof loader>()
  const { t } = useTranslation('indicators')
  const main = report.indicators.filter((i) => !i.courseId)
  const courses = report.indicators.filter((i) => i.courseId)
  const tables = report.dimensions.filter((d) => d.id !== 'month' || report.months.length <= MONTHS_ON_PAPER)
  return (
    <article className="print-indicators">
      <p className="no-print">
        <Link to={`/admin/indicadores?${query}`}>← {t('print.back')}</Link> · {t('print.hint')}
      </p>
      <h1>
        {t('print.title')}: {report.periodLabel}
      </h1>
      <p className="hint">
        {t('intro')} {t('print.generated', { date: generatedOn })}
      </p>
      <dl className="stats">
        {main.map((i) => (
          <div key={i.id}>
            <dt>{i.label}</dt>
            <dd>{cellText(report.totals[i.id])}</dd>
          </div>
        ))}
        <div>
          <dt>{t('registeredToDate')}</dt>
          <dd>{cellText(report.registeredToDate)}</dd>
        </div>
      </dl>
      <div className="print-tables">
        {tables.map((d) => (
          <DimensionTable
            key={d.id}
            report={report}
            dimension={d}
            columns={main.filter((i) => i.byGroup)}
            caption={t('byDimension', { dimension: d.label.toLowerCase() })}
            totalLabel={t('total')}
          />
        ))}
        {courses.length ? (
          <table className="indicator-table course-table">
            <caption>{t('print.courses')}</caption>
            <tbody>
              {courses.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.title}</th>
                  <td>{cellText(report.totals[c.id])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
      <p className="print-note">{t('suppression')}</p>
      <p className="print-note">
        {t('definitions.active')} {t('definitions.attended')} {t('definitions.completed')} {t('definitions.age')}
      </p>
    </article>
  )
}
