import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useTranslation } from 'react-i18next'
import { getRequestT } from '#app/utils/i18n.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'privacy'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getRequestT(request, 'privacy')
  return { title: t('title') }
}

const sections = ['who', 'what', 'why', 'rights', 'security', 'contact'] as const

export default function Privacy() {
  const { t } = useTranslation('privacy')
  return (
    <article className="page narrow">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {sections.map((s) => (
        <section key={s}>
          <h2>{t(`${s}.title`)}</h2>
          <p>{t(`${s}.body`)}</p>
        </section>
      ))}
    </article>
  )
}
