import { getLessonAudio } from '#app/content/audio.server.ts'
import type { CourseEntry } from '#app/content/types.ts'
import { DOWNLOAD_HEADER } from './fields.ts'

/** A page fetched by "Descargar el curso": stored for later, not read now. */
export function isCourseDownload(request: Request): boolean {
  return request.headers.get(DOWNLOAD_HEADER) === '1'
}

export type CourseDownload = {
  slug: string
  title: string
  /** The course page and every lesson page, in reading order. */
  pages: { url: string; title: string }[]
  /** Images the lessons show (their HTML names them). */
  assets: string[]
  /** Recorded clips (Opus/WebM, which every browser that can keep a course plays), if built. */
  audio: { urls: string[]; bytes: number }
}

const IMAGE_SRC = /<img\b[^>]*?\bsrc="(\/[^"]+)"/g

/** What "Descargar el curso para leer sin conexión" stores on the device. */
export function courseDownload(course: CourseEntry): CourseDownload {
  const base = `/cursos/${course.slug}`
  const assets = new Set<string>()
  for (const lesson of course.lessons) for (const match of lesson.html.matchAll(IMAGE_SRC)) assets.add(match[1]!)
  const clips = course.lessons.flatMap((l) => getLessonAudio(l.id) ?? [])
  return {
    audio: { urls: clips.map((c) => c.webm), bytes: clips.reduce((sum, c) => sum + c.bytes.webm, 0) },
    slug: course.slug,
    title: course.title,
    pages: [{ url: base, title: course.title }, ...course.lessons.map((l) => ({ url: `${base}/${l.slug}`, title: l.title }))],
    assets: [...assets],
  }
}
