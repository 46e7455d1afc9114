import type { MetaDescriptor, MetaFunction } from '@remix-run/node'
import { isRouteErrorResponse } from '@remix-run/react'
import { errors as errorsEn } from '../../public/locales/en/common.json'
import { errors as errorsEs } from '../../public/locales/es/common.json'

/** Loaders translate their page's title (meta() runs outside React); this formats it. */
export function pageTitle(data: unknown): MetaDescriptor[] {
  const title = (data as { title?: string } | undefined)?.title
  return [{ title: title ? `${title} · Aula Somos Tesoro` : 'Aula Somos Tesoro' }]
}

const errorKinds: Record<number, keyof typeof errorsEs> = {
  400: 'badRequest',
  403: 'forbidden',
  404: 'notFound',
  405: 'methodNotAllowed',
  413: 'tooLarge',
}

/**
 * The root route's meta: an error page (404, 500…) is titled like its heading, in the
 * visitor's language; every other page sets its own title.
 */
export const rootMeta: MetaFunction = ({ error, data }) => {
  if (!error) return pageTitle(undefined)
  const status = isRouteErrorResponse(error) ? error.status : 500
  const kind = errorKinds[status] ?? 'serverError'
  const errors = (data as { locale?: string } | undefined)?.locale === 'en' ? errorsEn : errorsEs
  const entry = errors[kind]
  return pageTitle({ title: typeof entry === 'object' ? entry.title : undefined })
}
