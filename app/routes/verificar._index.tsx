import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field } from '#app/ui/form.tsx'
import { getRequestT } from '#app/utils/i18n.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'certificates'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data)

// A GET form, so it works without JavaScript and the result has a shareable address.
export async function loader({ request }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get('codigo')
  if (typed !== null) {
    const trimmed = typed.trim()
    if (trimmed) throw redirect(`/verificar/${encodeURIComponent(trimmed.toUpperCase())}`)
  }
  const t = await getRequestT(request, 'certificates')
  return { title: t('verify.title'), empty: typed !== null }
}

export default function VerifyForm() {
  const { empty } = useLoaderData<typeof loader>()
  const { t } = useTranslation('certificates')
  return (
    <section className="page narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('verify.title')}</h1>
      <p className="lead">{t('verify.intro')}</p>
      <Form method="get" className="form">
        <Field
          ns="certificates"
          name="codigo"
          label={t('verify.codeLabel')}
          hint={t('verify.codeHint')}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          error={empty ? 'verify.codeRequired' : undefined}
        />
        <button type="submit" className="button">
          {t('verify.submit')}
        </button>
      </Form>
    </section>
  )
}
