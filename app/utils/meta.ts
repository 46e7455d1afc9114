import type { MetaDescriptor } from '@remix-run/node'

/** Loaders translate their page's title (meta() runs outside React); this formats it. */
export function pageTitle(data: unknown): MetaDescriptor[] {
  const title = (data as { title?: string } | undefined)?.title
  return [{ title: title ? `${title} · Aula Somos Tesoro` : 'Aula Somos Tesoro' }]
}
