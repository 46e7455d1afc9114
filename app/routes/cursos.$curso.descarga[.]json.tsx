import type { LoaderFunctionArgs } from '@remix-run/node'
import { getCourseBySlug } from '#app/content/content.server.ts'
import { courseDownload } from '#app/offline/download.server.ts'
import { orNotFound } from '#app/utils/http.server.ts'

// The list of pages and images "Descargar el curso" stores on the device (public content).
export async function loader({ params }: LoaderFunctionArgs) {
  const course = orNotFound(getCourseBySlug(params.curso ?? ''))
  return Response.json(courseDownload(course), { headers: { 'Cache-Control': 'no-cache' } })
}
