import type { LoaderFunctionArgs } from '@remix-run/node'
import { useTranslation } from 'react-i18next'

// A near-empty page: a health check for whoever runs the server, and the
// baseline the benchmark compares a lesson page with.
export async function loader(_: LoaderFunctionArgs) {
  return { ok: true }
}

export default function Status() {
  const { t } = useTranslation()
  return <p>{t('status.ok')}</p>
}
