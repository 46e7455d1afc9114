import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { loadIndicatorsView } from '#app/admin/indicators.server.ts'
import { barOf, cellText, DimensionTable } from '#app/admin/indicator-tables.tsx'
import { BarChart } from '#app/ui/charts.tsx'
import { Field } from '#app/ui/form.tsx'
import { TableWrap } from '#app/ui/table-wrap.tsx'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'indicators'], hydrate: true }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { title, report, fieldErrors, typed, query, status } = await loadIndicatorsView(request, context)
  return data({ title, report, fieldErrors, typed, query }, { status })
}

/** The funder's indicators: a period (GET form), headline figures, charts with their numbers, a table per dimension. */
export default function Indicators() {
  const { report, fieldErrors, typed, query } = useLoaderData<typeof loader>()
  const { t } = useTranslation('indicators')
  const errors: Partial<Record<'desde' | 'hasta', string>> = fieldErrors
  const label = (id: string) => report.indicators.find((i) => i.id === id)!.label
  const main = report.indicators.filter((i) => !i.courseId)
  const byGroup = report.indicators.filter((i) => i.byGroup)
  const dimension = (id: string) => report.dimensions.find((d) => d.id === id)!
  const headline = [...main.map((i) => ({ label: i.label, value: report.totals[i.id] })), { label: t('registeredToDate'), value: report.registeredToDate }]
  const charts = [
    { title: t('charts.activeByMonth'), dimension: 'month', indicator: 'active' },
    { title: t('charts.registeredByMunicipality'), dimension: 'municipality', indicator: 'registered' },
    { title: t('charts.activeByGender'), dimension: 'gender', indicator: 'active' },
    { title: t('charts.activeByAge'), dimension: 'ageBand', indicator: 'active' },
  ] as const

  return (
    <section className="indicators" aria-labelledby="indicators-title">
      <p>
        <Link to="/admin">← {t('back')}</Link>
      </p>
      <h1 id="indicators-title">{t('title')}</h1>
      <p className="lead">{t('intro')}</p>

      <Form method="get" className="form inline-form period-form" noValidate>
        <Field name="desde" ns="indicators" label={t('period.from')} type="month" min="2000-01" defaultValue={typed.desde} error={errors.desde} />
        <Field name="hasta" ns="indicators" label={t('period.to')} type="month" min="2000-01" defaultValue={typed.hasta} error={errors.hasta} />
        <button type="submit" className="button secondary">
          {t('period.submit')}
        </button>
      </Form>
      <p className="hint">{t('period.hint')}</p>
      {Object.keys(errors).length ? (
        <p className="notice notice-error" role="alert">
          {t('invalidPeriod')}
        </p>
      ) : null}

      <p className="row-actions">
        <a className="button small secondary" href={`/admin/indicadores.csv?${query}`} download>
          {t('downloads.csv')}
        </a>
        <Link className="button small secondary" to={`/admin/indicadores/imprimir?${query}`}>
          {t('downloads.print')}
        </Link>
      </p>

      <h2>{t('headline', { period: report.periodLabel })}</h2>
      <dl className="stats" data-testid="indicator-headline">
        {headline.map((h) => (
          <div key={h.label}>
            <dt>{h.label}</dt>
            <dd>{cellText(h.value)}</dd>
          </div>
        ))}
      </dl>
      <p className="notice suppression-rule">{t('suppression')}</p>
      <details className="definitions">
        <summary>{t('definitionsTitle')}</summary>
        <ul>
          {(['people', 'registered', 'active', 'attended', 'completed', 'age', 'months'] as const).map((k) => (
            <li key={k}>{t(`definitions.${k}`)}</li>
          ))}
        </ul>
      </details>

      <section aria-labelledby="charts-title" className="charts">
        <h2 id="charts-title">{t('charts.title')}</h2>
        <div className="chart-grid">
          {charts.map((c) => (
            <BarChart
              key={c.title}
              title={`${c.title} (${report.periodLabel})`}
              bars={dimension(c.dimension).groups.map((g) => barOf(g.label, g.cells[c.indicator]))}
              tableCaption={t('charts.seeNumbers')}
              columns={[dimension(c.dimension).label, label(c.indicator)]}
            />
          ))}
        </div>
      </section>

      {report.dimensions.map((d) => (
        <section key={d.id} aria-labelledby={`dimension-${d.id}`}>
          <h2 id={`dimension-${d.id}`}>{t('byDimension', { dimension: d.label.toLowerCase() })}</h2>
          <TableWrap label={t('tableCaption', { dimension: d.label, period: report.periodLabel })}>
            <DimensionTable
              report={report}
              dimension={d}
              columns={byGroup}
              caption={t('tableCaption', { dimension: d.label, period: report.periodLabel })}
              totalLabel={t('total')}
            />
          </TableWrap>
        </section>
      ))}
    </section>
  )
}
