import { readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { getEnv } from '#app/utils/env.server.ts'

// The recorded read-aloud clips written by `npm run build:audio` (scripts/build-audio.ts) into
// build/content/audio.json. Audio is optional: a missing or unreadable manifest means "no clips",
// and the page falls back to the browser's voice. Like content.json, the manifest is read once in
// production and re-read in development when the build rewrites it.

/** One lesson section spoken by espeak-ng, in two encodings; paths are under /audio/ (content-addressed). */
export type AudioClip = {
  /** The section's heading, or the lesson title for the text before the first heading. */
  title: string
  webm: string
  mp3: string
  seconds: number
  bytes: { webm: number; mp3: number }
}

/** A lesson's clips in reading order. */
export type LessonAudio = AudioClip[]

export type AudioManifest = {
  version: 1
  voice: string
  lessons: Record<string, LessonAudio>
}

const EMPTY: AudioManifest = { version: 1, voice: 'es-419', lessons: {} }

let cache: { mtimeMs: number; manifest: AudioManifest } | undefined

function manifestFile() {
  return join(resolve(getEnv().CONTENT_BUILD_DIR), 'audio.json')
}

function getManifest(): AudioManifest {
  if (cache && getEnv().NODE_ENV === 'production') return cache.manifest
  let mtimeMs: number
  try {
    mtimeMs = statSync(manifestFile()).mtimeMs
  } catch {
    cache = { mtimeMs: -1, manifest: EMPTY }
    return EMPTY
  }
  if (!cache || cache.mtimeMs !== mtimeMs) {
    let manifest = EMPTY
    try {
      const parsed = JSON.parse(readFileSync(manifestFile(), 'utf8')) as AudioManifest
      if (parsed?.version === 1 && parsed.lessons && typeof parsed.lessons === 'object') manifest = parsed
    } catch {
      // A manifest being replaced or damaged: no clips rather than a broken lesson page.
    }
    cache = { mtimeMs, manifest }
  }
  return cache.manifest
}

/** The lesson's recorded clips, or null when it has none (no espeak-ng at build time, or a new lesson). */
export function getLessonAudio(lessonId: string): LessonAudio | null {
  const clips = getManifest().lessons[lessonId]
  return clips?.length ? clips : null
}

/** What downloading the course's audio costs: the WebM clips of these lessons, in bytes. */
export function getCourseAudioBytes(lessonIds: string[]): number {
  const { lessons } = getManifest()
  return lessonIds.reduce((total, id) => total + (lessons[id] ?? []).reduce((sum, clip) => sum + clip.bytes.webm, 0), 0)
}
