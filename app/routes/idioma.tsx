import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { safeRedirect } from '#app/utils/redirect.ts'
import { supportedLanguages } from '#app/i18n/config.ts'
import { languageCookie } from '#app/i18n/i18next.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'

export async function loader() {
  throw redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request)
  const lng = String(form.get('lng') ?? '')
  const to = safeRedirect(form.get('redirectTo'), '/')
  if (!(supportedLanguages as readonly string[]).includes(lng)) throw redirect(to)
  throw redirect(to, { headers: { 'Set-Cookie': await languageCookie.serialize(lng) } })
}
