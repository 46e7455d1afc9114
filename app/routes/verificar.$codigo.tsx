import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { verifyCode } from '#app/certificates/verification.server.ts'
import { getLanguage } from '#app/i18n/i18next.server.ts'
import { getFixedT } from '#app/i18n/translations.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const handle = { i18n: ['common', 'certificates'] }
export const meta: MetaFunction<typeof loader> = ({ data }) => [...pageTitle(data), { name: 'robots', content: 'noindex' }]

// What a certificate's QR code opens. Public, no sign-in.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const lng = await getLanguage(request)
  const t = await getFixedT(lng, 'certificates')
  const verification = await verifyCode(params.codigo ?? '', context.clientIp, lng)
  const status = verification.found ? 200 : verification.limitedForMinutes ? 429 : 404
  return data({ title: t('verify.title'), verification }, { status, headers: { 'Cache-Control': 'no-store' } })
}

export default function VerifyResult() {
  const { verification } = useLoaderData<typeof loader>()
  const { t } = useTranslation('certificates')
  return (
    <section className="page narrow" aria-labelledby="verify-result-title">
      {verification.found ? (
        <div className={`verify-box ${verification.status}`}>
          <h1 id="verify-result-title">
            {verification.status === 'valid'
              ? `✓ ${t('verify.valid')}`
              : verification.status === 'replaced'
                ? `✗ ${t('verify.replaced')}`
                : `✗ ${t('verify.revoked')}`}
          </h1>
          {verification.replacedBy ? (
            <p className="form-error">
              {t('verify.replacedOn', { date: verification.replacedBy.on })}{' '}
              <Link to={`/verificar/${verification.replacedBy.code}`}>{t('verify.seeReplacement', { code: verification.replacedBy.code })}</Link>
            </p>
          ) : null}
          {verification.revokedOn ? <p className="form-error">{t('verify.revokedOn', { date: verification.revokedOn })}</p> : null}
          {verification.corrects ? <p>{t('verify.corrects', { code: verification.corrects.code, date: verification.corrects.on })}</p> : null}
          <dl className="facts verify-facts">
            <div>
              <dt>{t('verify.holder')}</dt>
              <dd>{verification.holderAnonymised ? t('verify.anonymisedHolder') : verification.holderName}</dd>
            </div>
            <div>
              <dt>{verification.kind === 'programme' ? t('verify.programme') : t('verify.course')}</dt>
              <dd>{verification.title}</dd>
            </div>
            <div>
              <dt>{t('verify.hours')}</dt>
              <dd>{verification.hours}</dd>
            </div>
            <div>
              <dt>{t('verify.issuedOn')}</dt>
              <dd>{verification.issuedOn}</dd>
            </div>
            <div>
              <dt>{t('verify.code')}</dt>
              <dd>
                <code>{verification.code}</code>
              </dd>
            </div>
          </dl>
          <p className="hint">{t('verify.issuer')}</p>
        </div>
      ) : (
        <>
          <h1 id="verify-result-title">{verification.limitedForMinutes ? t('verify.limitedTitle') : t('verify.notFoundTitle')}</h1>
          <p>{verification.limitedForMinutes ? t('verify.limited', { count: verification.limitedForMinutes }) : t('verify.notFound')}</p>
        </>
      )}
      <p>
        <Link to="/verificar">{t('verify.another')}</Link>
      </p>
    </section>
  )
}
